import { run } from './cli';

/* `npm run verify -- --node URL | --record FILE`: see cli.ts. Status 1 means problems found, so a crash is 2. */
run(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (e: unknown) => {
    process.stderr.write(`verify: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 2;
  },
);
