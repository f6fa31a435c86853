import { run } from './cli';

/* `npm run trustee -- init | ceremony | decrypt | status`: see cli.ts. */
run(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (e: unknown) => {
    process.stderr.write(`trustee: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 2;
  },
);
