import { writeFileSync } from 'node:fs';
import { MAX_BALLOTS_PER_BLOCK, type Transaction } from '../../../protocol';
import { chainOf, makeAuthority, NOW, PARTIES, recordOf, SecretElection } from './elections';

/*
 * A large, valid secret election record for timing the verifier (not run by Jest): `ballots` voters, each
 * with a credential record and a ballot, in full blocks, then the close. Build with the server, then
 *   node <out>/test/verifier/support/large-record.js FILE BALLOTS
 * Making it is slower than verifying it: an RSA signature per ballot (about 3 000 per second).
 */
export function largeSecretRecord(ballots: number, difficulty = 1) {
  const e = new SecretElection(makeAuthority(), ballots, { difficulty });
  const txs: Transaction[] = [e.lifecycle('open')];
  for (let i = 0; i < ballots; i++) txs.push(e.credentialRecord(i));
  for (let i = 0; i < ballots; i++) txs.push(e.ballot(PARTIES[i % PARTIES.length]).tx);
  const blocks: Transaction[][] = [];
  for (let i = 0; i < txs.length; i += MAX_BALLOTS_PER_BLOCK) blocks.push(txs.slice(i, i + MAX_BALLOTS_PER_BLOCK));
  blocks.push([e.lifecycle('close', NOW - 50)]);
  return recordOf(chainOf(e.genesis, blocks, difficulty));
}

if (require.main === module) {
  const [file, count] = process.argv.slice(2);
  if (!file || !count) throw new Error('usage: large-record.js FILE BALLOTS');
  const started = Date.now();
  const record = largeSecretRecord(Number(count));
  writeFileSync(file, JSON.stringify(record));
  console.log(`${file}: ${record.chain.length} blocks, ${count} ballots, made in ${Math.round((Date.now() - started) / 1000)} s`);
}
