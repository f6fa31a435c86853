/* The yardstick, measured first: a bare Express 5 server answering the same requests from the same client. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from '../../test/support/ports';
import { BALLOTS, CLIENTS } from '../lib/config';
import { ballotBodies } from '../lib/ingest';
import { closedLoop } from '../lib/load';

const BARE_EXPRESS = join(__dirname, '..', 'lib', 'bare-express.js');

/** Requests per second of a bare Express 5 server on the same machine with the same client: the ceiling. */
export async function expressBaseline(signal: AbortSignal): Promise<number> {
  const port = await freePort();
  const child = spawn(process.execPath, [BARE_EXPRESS, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    await new Promise((resolve, reject) => {
      child.stdout.once('data', resolve);
      child.once('exit', (code) => reject(new Error(`bare Express server exited with ${code}`)));
    });
    const bodies = ballotBodies(BALLOTS);
    let ok = 0;
    const t0 = process.hrtime.bigint();
    await closedLoop(`http://127.0.0.1:${port}/new_transaction`, bodies, CLIENTS, (_, r) => (ok += r.status === 201 ? 1 : 0), signal);
    return (ok / (Number(process.hrtime.bigint() - t0) / 1e6)) * 1000;
  } finally {
    child.kill('SIGTERM');
  }
}
