import fc from 'fast-check';
import {
  type Ballot,
  type Block,
  type BlockRejection,
  encodeBallot,
  initialLedgerState,
  MAX_FUTURE_DRIFT_SECONDS,
  merkleProof,
  merkleRootOfLeaves,
  type SealedBallot,
  type Transaction,
  transactionLeaf,
  validateBlock,
  verifyMerkleProof,
} from '../../protocol';
import { ancestry, cloneBlock, context, genesis, mineBlock, NO_ANCESTRY, NOW, sha256, TEST_ELECTION, TEST_VOTERS } from './fixtures';
import { makeSecretElection } from './secret-election';

const NUM_RUNS = 200;
const G = genesis();
const CTX = context();

const hex64 = fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 });
/** Numbers near a value, anywhere, and the odd ones (fractions, NaN, ±Infinity, -0). */
const numberNear = (n: number) => fc.oneof(fc.integer({ min: n - 3, max: n + 3 }), fc.integer(), fc.double());

/** Ballots a valid block of TEST_ELECTION can carry: distinct voters from the roll, timestamps before the block. */
const validBallots = fc.uniqueArray(
  fc.record({
    voter_id: fc.constantFrom(...TEST_VOTERS),
    party: fc.constantFrom(...TEST_ELECTION.parties),
    timestamp: fc.oneof(
      fc.integer({ min: 0, max: NOW - 1000 }),
      fc.integer({ min: 0, max: NOW - 1000 }).map((t) => t + 0.5),
    ),
  }),
  { selector: (b) => b.voter_id, minLength: 1, maxLength: TEST_VOTERS.length },
);

/** A valid mined block (difficulty 1) on the genesis block. */
const validBlock = fc
  .record({ ballots: validBallots, timestamp: fc.integer({ min: NOW - 1000, max: NOW + MAX_FUTURE_DRIFT_SECONDS }) })
  .map(({ ballots, timestamp }) => mineBlock(G, ballots, { timestamp }));

type Mutation = (block: Block) => fc.Arbitrary<Block>;

function setField<K extends keyof Block>(key: K, values: fc.Arbitrary<Block[K]>): Mutation {
  return (block) => values.filter((v) => v !== block[key]).map((v) => ({ ...cloneBlock(block), [key]: v }));
}

function setBallotField<K extends keyof Ballot>(key: K, values: fc.Arbitrary<Ballot[K]>): Mutation {
  return (block) =>
    fc
      .tuple(fc.nat({ max: block.transactions.length - 1 }), values)
      .filter(([i, v]) => v !== (block.transactions[i] as Ballot)[key])
      .map(([i, v]) => {
        const mutated = cloneBlock(block);
        mutated.transactions[i] = { ...mutated.transactions[i], [key]: v };
        return mutated;
      });
}

function withTransactions(block: Block, transactions: readonly Transaction[]): Block {
  return { ...cloneBlock(block), transactions: transactions.map((b) => ({ ...b })) };
}

const MUTATIONS: [string, Mutation, BlockRejection[]][] = [
  ['changing the index', setField('index', numberNear(1)), ['hash-mismatch']],
  ['changing the timestamp', (b) => setField('timestamp', numberNear(b.timestamp))(b), ['hash-mismatch', 'timestamp-in-future']],
  ['changing previous_hash', setField('previous_hash', fc.oneof(hex64, fc.constant(''), fc.string())), ['hash-mismatch']],
  ['changing the nonce', (b) => setField('nonce', numberNear(b.nonce))(b), ['hash-mismatch']],
  ['changing the difficulty', setField('difficulty', fc.oneof(fc.integer({ min: 0, max: 10 }), fc.double())), ['difficulty-mismatch']],
  ['changing merkle_root', setField('merkle_root', fc.oneof(hex64, fc.string())), ['hash-mismatch']],
  [
    'changing the hash',
    setField(
      'hash',
      fc.oneof(
        hex64,
        hex64.map((h) => '0' + h.slice(1)),
        fc.string(),
      ),
    ),
    ['hash-mismatch'],
  ],
  [
    'changing a ballot voter_id',
    setBallotField('voter_id', fc.oneof(fc.constantFrom(...TEST_VOTERS, 'V011'), fc.string({ unit: 'binary' }))),
    ['merkle-root-mismatch'],
  ],
  [
    'changing a ballot party',
    setBallotField('party', fc.oneof(fc.constantFrom(...TEST_ELECTION.parties, 'red', 'Purple'), fc.string({ unit: 'binary' }))),
    ['merkle-root-mismatch'],
  ],
  [
    'changing a ballot timestamp',
    setBallotField('timestamp', fc.oneof(fc.integer({ min: 0, max: NOW }), fc.double())),
    ['merkle-root-mismatch'],
  ],
  [
    'dropping a ballot',
    (b) =>
      fc.nat({ max: b.transactions.length - 1 }).map((i) =>
        withTransactions(
          b,
          b.transactions.filter((_, j) => j !== i),
        ),
      ),
    ['merkle-root-mismatch', 'empty-block'],
  ],
  [
    'duplicating a ballot',
    (b) =>
      fc.tuple(fc.nat({ max: b.transactions.length - 1 }), fc.nat({ max: b.transactions.length })).map(([i, at]) => {
        const txs = [...b.transactions];
        txs.splice(at, 0, b.transactions[i]);
        return withTransactions(b, txs);
      }),
    ['merkle-root-mismatch'],
  ],
  [
    'reordering the ballots',
    (b) =>
      fc
        .shuffledSubarray(b.transactions, { minLength: b.transactions.length, maxLength: b.transactions.length })
        .filter((txs) => txs.some((t, i) => t !== b.transactions[i]))
        .map((txs) => withTransactions(b, txs)),
    ['merkle-root-mismatch'],
  ],
];

describe('property: any single-field change to a valid mined block is detected by validateBlock', () => {
  it('generates valid blocks', () => {
    fc.assert(
      fc.property(validBlock, (block) => {
        expect(validateBlock(block, G, NO_ANCESTRY, CTX)).toEqual({
          ok: true,
          state: { phase: 'open', ballots: block.transactions.length, credentials: 0 },
        });
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it.each(MUTATIONS)('%s', (name, mutation, reasons) => {
    const blockAndMutant = validBlock
      .filter((b) => name !== 'reordering the ballots' || b.transactions.length > 1)
      .chain((block) => mutation(block).map((mutant) => ({ block, mutant })));
    fc.assert(
      fc.property(blockAndMutant, ({ block, mutant }) => {
        expect(validateBlock(block, G, NO_ANCESTRY, CTX)).toMatchObject({ ok: true });
        const verdict = validateBlock(mutant, G, NO_ANCESTRY, CTX);
        expect(verdict.ok).toBe(false);
        if (!verdict.ok) expect(reasons).toContain(verdict.reason);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

/** Any ballots at all, including strings that are awkward to encode. */
const anyBallot = fc.record({
  voter_id: fc.string({ unit: 'binary', maxLength: 12 }),
  party: fc.string({ unit: 'binary', maxLength: 12 }),
  timestamp: fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
});

describe('property: merkle proofs', () => {
  const list = fc.array(anyBallot, { minLength: 1, maxLength: 40 });

  it('verify for every leaf of a random list', () => {
    fc.assert(
      fc.property(list, (ballots) => {
        const leaves = ballots.map((b) => transactionLeaf(b, sha256));
        const root = merkleRootOfLeaves(leaves, sha256);
        leaves.forEach((leaf, i) => expect(verifyMerkleProof(leaf, merkleProof(leaves, i, sha256), root, sha256)).toBe(true));
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('fail for an altered leaf, and the altered list has another root', () => {
    const listAndAlteration = list.chain((ballots) =>
      fc
        .tuple(fc.constant(ballots), fc.nat({ max: ballots.length - 1 }), anyBallot)
        .filter(([bs, i, other]) => encodeBallot(other) !== encodeBallot(bs[i])),
    );
    fc.assert(
      fc.property(listAndAlteration, ([ballots, i, other]) => {
        const leaves = ballots.map((b) => transactionLeaf(b, sha256));
        const root = merkleRootOfLeaves(leaves, sha256);
        const altered = transactionLeaf(other, sha256);
        expect(verifyMerkleProof(altered, merkleProof(leaves, i, sha256), root, sha256)).toBe(false);
        const alteredLeaves = leaves.map((l, j) => (j === i ? altered : l));
        expect(merkleRootOfLeaves(alteredLeaves, sha256)).not.toBe(root);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe('property: canonical ballot encoding', () => {
  /** Small alphabets, so that equal fields are generated often, with the characters JSON must escape. */
  const tinyString = fc.oneof(
    fc.string({ unit: fc.constantFrom('a', 'b', '"', ',', '\\', '\u2028', '\ud800'), maxLength: 3 }),
    fc.string({ unit: 'binary' }),
  );
  const tinyBallot = fc.record({
    voter_id: tinyString,
    party: tinyString,
    timestamp: fc.oneof(
      fc.integer({ min: -1, max: 2 }),
      fc.constantFrom(0.5, -0, 1e21, Number.MAX_VALUE, Number.MIN_VALUE),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    ),
  });
  const sameFields = (a: Ballot, b: Ballot) => a.voter_id === b.voter_id && a.party === b.party && a.timestamp === b.timestamp;

  it('equal ballots ⇔ equal encodings', () => {
    fc.assert(
      fc.property(tinyBallot, tinyBallot, (a, b) => {
        expect(encodeBallot(a) === encodeBallot(b)).toBe(sameFields(a, b));
      }),
      { numRuns: NUM_RUNS * 5 },
    );
  });

  it('round-trips, whatever the key order', () => {
    fc.assert(
      fc.property(tinyBallot, (a) => {
        const reordered: Ballot = { timestamp: a.timestamp, party: a.party, voter_id: a.voter_id };
        expect(encodeBallot(reordered)).toBe(encodeBallot(a));
        const [voter_id, party, timestamp] = JSON.parse(encodeBallot(a)) as [string, string, number];
        expect(sameFields({ voter_id, party, timestamp }, a)).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe('property: a miner who alters a signed field of a secret block and re-mines it is caught by validateBlock', () => {
  const S = makeSecretElection({ voterCount: 4 });
  const SG = genesis(S.election);
  const SCTX = context(S.election);
  const DRAFT = ancestry([], initialLedgerState(S.election));
  const RECORDS = S.voters.map((v) => S.credentialRecord(v));
  const OPEN = S.lifecycle('open', NOW - 100);
  /** Sealed and signed once: sealing and RSA signing are the slow parts. */
  const BALLOTS = [0, 1, 2, 0].map((choice) => S.sealedBallot(choice));
  const mine = (txs: Transaction[]) => mineBlock(SG, txs, { timestamp: NOW }, S.election);

  /** k credentials, the trustee's ceremony, the opening and k ballots: a valid block on the genesis block. */
  const validTxs = fc.integer({ min: 1, max: 4 }).map((k) => [...RECORDS.slice(0, k), ...S.ceremony, OPEN, ...BALLOTS.slice(0, k)]);

  type Alteration = (tx: Transaction) => Transaction | null;
  const isSealedBallot = (t: Transaction): t is SealedBallot => 'type' in t && t.type === 'sealed-ballot';
  /** Another ballot of the pool than `t`, to take a field from. */
  const otherThan = (t: SealedBallot) => BALLOTS.find((b) => b.ballot_key !== t.ballot_key)!;
  const ALTERATIONS: [string, Alteration][] = [
    ['the sealed choice of a ballot', (t) => (isSealedBallot(t) ? { ...t, sealed: otherThan(t).sealed } : null)],
    [
      'one ciphertext of a ballot',
      (t) =>
        isSealedBallot(t)
          ? { ...t, sealed: { ...t.sealed, entries: [otherThan(t).sealed.entries[0], ...t.sealed.entries.slice(1)] } }
          : null,
    ],
    ['the ballot key of a ballot', (t) => (isSealedBallot(t) ? { ...t, ballot_key: otherThan(t).ballot_key } : null)],
    ['the credential of a ballot', (t) => (isSealedBallot(t) ? { ...t, credential: otherThan(t).credential } : null)],
    ['the signature of a ballot', (t) => (isSealedBallot(t) ? { ...t, signature: otherThan(t).signature } : null)],
    [
      'the tag of a credential record',
      (t) =>
        'type' in t && t.type === 'credential' ? { ...t, voter_tag: RECORDS.find((r) => r.voter_tag !== t.voter_tag)!.voter_tag } : null,
    ],
    [
      'the roll proof of a credential record',
      (t) =>
        'type' in t && t.type === 'credential' ? { ...t, roll_proof: RECORDS.find((r) => r.voter_tag !== t.voter_tag)!.roll_proof } : null,
    ],
    ['the timestamp of the opening', (t) => ('type' in t && t.type === 'open' ? { ...t, timestamp: t.timestamp - 1 } : null)],
    ['the opening into a closing', (t) => ('type' in t && t.type === 'open' ? { ...t, type: 'close' } : null)],
    [
      'the election key of the opening',
      (t) => ('type' in t && t.type === 'open' ? { ...t, election_key: BALLOTS[0].sealed.entries[0].alpha } : null),
    ],
  ];

  it('generates valid blocks', () => {
    fc.assert(
      fc.property(validTxs, (txs) => {
        expect(validateBlock(mine(txs), SG, DRAFT, SCTX)).toMatchObject({ ok: true });
      }),
      { numRuns: 20 },
    );
  });

  it.each(ALTERATIONS)('%s', (_name, alter) => {
    const input = validTxs.chain((txs) =>
      fc.tuple(fc.constant(txs), fc.constantFrom(...txs.map((t, i) => i).filter((i) => alter(txs[i]) !== null))),
    );
    fc.assert(
      fc.property(input, ([txs, i]) => {
        const altered = txs.map((t, j) => (j === i ? alter(t)! : t));
        const verdict = validateBlock(mine(altered), SG, DRAFT, SCTX);
        expect(verdict).toMatchObject({ ok: false, reason: 'invalid-ballot' });
      }),
      { numRuns: 40 },
    );
  });
});
