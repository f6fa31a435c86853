import { parseArgs } from 'node:util';
import { BackupError, backupDatabase } from './backup-database';

const USAGE = `Ballotchain backup: a consistent copy of a node's database, made while the node runs.

Usage:
  npm run backup -- --data-dir DIR --out FILE

The copy holds the chain, the pool, the peers and, on the authority, its private keys (sealed only with
AUTHORITY_PASSPHRASE_FILE) and the private roll: it is written readable by its owner only (0600); keep it
as you keep the node's DATA_DIR. An existing FILE is never overwritten. Restoring is described in the README.

Exit status: 0 done; 1 the backup failed; 2 usage error.
`;

async function main(argv: string[]): Promise<number> {
  let values: { 'data-dir'?: string; out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { 'data-dir': { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }));
  } catch (e) {
    process.stderr.write(`backup: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (!values['data-dir'] || !values.out) {
    process.stderr.write(`backup: --data-dir and --out are both needed\n\n${USAGE}`);
    return 2;
  }
  try {
    const pages = await backupDatabase(values['data-dir'], values.out);
    process.stdout.write(`backed up ${values['data-dir']} to ${values.out} (${pages} pages, readable by its owner only)\n`);
    return 0;
  } catch (e) {
    if (!(e instanceof BackupError)) throw e;
    process.stderr.write(`backup: ${e.message}\n`);
    return 1;
  }
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (e: unknown) => {
    process.stderr.write(`backup: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
