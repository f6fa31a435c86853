import { countByKind, type SealedBallot, type Transaction } from '../../protocol';
import { NOW } from './fixtures';

const SEALED = { type: 'sealed-ballot' } as SealedBallot;
const OPEN_BALLOT: Transaction = { voter_id: 'V1', party: 'Red', timestamp: NOW };
const RECORD: Transaction = { type: 'credential', voter_tag: 'a'.repeat(64), roll_proof: [], signature: 's' };
const OPEN: Transaction = { type: 'open', timestamp: NOW, signature: 's', election_key: 'k' };
const CLOSE: Transaction = { type: 'close', timestamp: NOW, signature: 's' };
const step = (type: string) => ({ type }) as unknown as Transaction;

describe('countByKind', () => {
  it('holds nothing for a block without transactions, such as the genesis block', () => {
    expect(countByKind([])).toEqual([]);
  });

  it('counts ballots of both schemes as ballots, and each other kind apart, in the order of an election', () => {
    const block = [CLOSE, SEALED, RECORD, OPEN_BALLOT, SEALED, RECORD, OPEN, step('trustee-decryption')];
    expect(countByKind(block)).toEqual([
      { kind: 'open', count: 1 },
      { kind: 'credential', count: 2 },
      { kind: 'ballot', count: 3 },
      { kind: 'close', count: 1 },
      { kind: 'decryption', count: 1 },
    ]);
  });

  it('counts every step of the key ceremony as one kind', () => {
    const steps = ['trustee-commitments', 'trustee-shares', 'trustee-complaint', 'trustee-reveal'].map(step);
    expect(countByKind(steps)).toEqual([{ kind: 'ceremony', count: 4 }]);
  });

  it('counts the secret ballot a block of release 0.1.0 holds, with its party in clear, as a ballot', () => {
    expect(countByKind([step('ballot'), RECORD])).toEqual([
      { kind: 'credential', count: 1 },
      { kind: 'ballot', count: 1 },
    ]);
  });
});
