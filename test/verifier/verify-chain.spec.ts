import fc from 'fast-check';
import { type Block, genesisBlock, hashHeader, headerOf, type Transaction, tallyDigest } from '../../protocol';
import { sha256 } from '../../node-crypto/sha256';
import { type Problem, type VerificationReport, verifyChain } from '../../verifier/verify-chain';
import {
  type CastBallot,
  chainOf,
  makeAuthority,
  mine,
  NOW,
  openBallot,
  openElection,
  remineFrom,
  SecretElection,
} from './support/elections';

const verify = (chain: readonly unknown[], options: { expectedElectionId?: string } = {}): Promise<VerificationReport> =>
  verifyChain(chain, { now: NOW, workers: 0, ...options });

/** The problems as block / transaction / reason, the way a test compares them. */
const found = (report: VerificationReport) =>
  report.problems.map((p: Problem) => ({
    block: p.block,
    ...(p.transaction === undefined ? {} : { transaction: p.transaction }),
    reason: p.reason,
  }));

describe('verifyChain: open scheme (no authority, open from genesis)', () => {
  const { election, genesis } = openElection(5);
  const d = election.difficulty;
  const valid = (): Block[] => chainOf(genesis, [[openBallot('V001', 'Red'), openBallot('V002', 'Green')], [openBallot('V003', 'Red')]], d);

  it('accepts a valid chain and sums it up', async () => {
    const chain = valid();
    const report = await verify(chain);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    const tally = [
      { party: 'Red', votes: 2 },
      { party: 'Green', votes: 1 },
      { party: 'Blue', votes: 0 },
    ];
    expect(report.summary).toEqual({
      election_id: genesis.hash,
      title: 'Open test election',
      scheme: 'open',
      phase: 'open',
      height: 2,
      tip: chain[2].hash,
      roll_size: 5,
      credentials_issued: 0,
      ballots: 3,
      transactions: 3,
      tally,
      tally_digest: tallyDigest(2, tally, sha256),
      sealed: null,
    });
  });

  it('accepts a chain of the genesis block alone', async () => {
    const report = await verify([genesis]);
    expect(report.ok).toBe(true);
    expect(report.summary).toMatchObject({ height: 0, ballots: 0, tip: genesis.hash });
  });

  it.each<[string, () => Block[], object[]]>([
    [
      'a voter who votes again in a later block',
      () => chainOf(genesis, [[openBallot('V001', 'Red')], [openBallot('V001', 'Blue')]], d),
      [{ block: 2, transaction: 0, reason: 'already-used' }],
    ],
    [
      'a voter who votes twice in one block',
      () => chainOf(genesis, [[openBallot('V001', 'Red'), openBallot('V001', 'Blue')]], d),
      [{ block: 1, transaction: 1, reason: 'duplicate-in-block' }],
    ],
    [
      'a voter not on the roll',
      () => chainOf(genesis, [[openBallot('V999', 'Red')]], d),
      [{ block: 1, transaction: 0, reason: 'not-on-roll' }],
    ],
    [
      'an unknown party',
      () => chainOf(genesis, [[openBallot('V001', 'Purple')]], d),
      [{ block: 1, transaction: 0, reason: 'unknown-party' }],
    ],
  ])('rejects %s', async (_, build, expected) => {
    const report = await verify(build());
    expect(report.ok).toBe(false);
    expect(found(report)).toEqual(expected);
  });
});

describe('verifyChain: secret scheme', () => {
  const authority = makeAuthority();
  const forger = makeAuthority();
  const e = new SecretElection(authority, 6);
  const d = e.election.difficulty;
  const credentials = [0, 1, 2, 3, 4].map((i) => e.credentialRecord(i));
  const ballots: CastBallot[] = ['Red', 'Green', 'Red', 'Blue'].map((p) => e.ballot(p));
  const [b0, b1, b2, b3] = ballots;
  /** Where block 1 holds the opening and the first credential: after the trustee's ceremony. */
  const OPENING = e.ceremony.length;
  const FIRST_CREDENTIAL = OPENING + 1;
  /** A voter's ballot with its choice changed after signing (sealed anew, to its own ballot key): what its signature does not cover. */
  const changed = (cast: CastBallot): Transaction => ({ ...cast.tx, sealed: e.reuse(cast, 'Blue').sealed });

  /** the ceremony, open and 5 credentials | 3 ballots | 1 ballot | close */
  const blocks = (): Transaction[][] => [
    [...e.ceremony, e.lifecycle('open'), ...credentials],
    [b0.tx, b1.tx, b2.tx],
    [b3.tx],
    [e.lifecycle('close', NOW - 50)],
  ];
  const valid = (): Block[] => chainOf(e.genesis, blocks(), d);
  const withBlocks = (edit: (b: Transaction[][]) => void): Block[] => {
    const b = blocks();
    edit(b);
    return chainOf(e.genesis, b, d);
  };

  it('accepts a valid chain and sums it up, with no count before the trustee decrypts', async () => {
    const chain = valid();
    const report = await verify(chain, { expectedElectionId: e.id });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.summary).toMatchObject({
      election_id: e.id,
      scheme: 'secret',
      phase: 'closed',
      height: 4,
      tip: chain[4].hash,
      roll_size: 6,
      credentials_issued: 5,
      ballots: 4,
      transactions: 13,
      tally: [],
      sealed: { state: 'decrypting', decrypted_by: [], threshold: 1, blank: null, cross_checked_with: null },
    });
  });

  it('counts the ballots once the trustee has decrypted their sums after the close', async () => {
    const closed = valid();
    const chain = [...closed, mine(closed[4], [e.decryption(closed)], d)];
    const report = await verify(chain);
    expect(report.problems).toEqual([]);
    expect(report.summary).toMatchObject({
      height: 5,
      ballots: 4,
      tally: [
        { party: 'Red', votes: 2 },
        { party: 'Green', votes: 1 },
        { party: 'Blue', votes: 1 },
      ],
      sealed: { state: 'decrypted', decrypted_by: [1] },
    });
  });

  it('reads the chain from an async iterable and reports progress up to its length', async () => {
    const chain = valid();
    const seen: number[] = [];
    const report = await verifyChain(
      (async function* () {
        // One block at a time, each as a download would deliver it: later.
        for (const block of chain) yield await Promise.resolve(block);
      })(),
      { now: NOW, workers: 0, onProgress: (n) => seen.push(n) },
    );
    expect(report.ok).toBe(true);
    expect(seen[seen.length - 1]).toBe(chain.length);
  });

  describe('transactions', () => {
    it.each<[string, () => Block[], object[]]>([
      [
        'a forged credential (signed by another RSA key)',
        () => withBlocks((b) => b[2].push(e.ballot('Red', forger.credentialKey).tx)),
        [{ block: 3, transaction: 1, reason: 'bad-credential' }],
      ],
      [
        'a credential used again in a later block (same ballot key)',
        () => withBlocks((b) => b[2].push(e.reuse(b0, 'Blue'))),
        [{ block: 3, transaction: 1, reason: 'already-used' }],
      ],
      [
        'a credential used twice in one block',
        () => withBlocks((b) => b[1].push(e.reuse(b0, 'Blue'))),
        [{ block: 2, transaction: 3, reason: 'duplicate-in-block' }],
      ],
      [
        'a ballot whose sealed choice was changed, block re-mined',
        () => withBlocks((b) => (b[1][1] = changed(b1))),
        [{ block: 2, transaction: 1, reason: 'bad-ballot-signature' }],
      ],
      [
        'a copy of another ballot’s sealed choice under a ballot key of its own',
        () => withBlocks((b) => b[2].push(e.copy(b0.tx.sealed))),
        [{ block: 3, transaction: 1, reason: 'already-used' }],
      ],
      [
        'a ballot after the close',
        () => withBlocks((b) => b.push([e.ballot('Red').tx])),
        [{ block: 5, transaction: 0, reason: 'election-closed' }],
      ],
      [
        'a credential record after the close',
        () => withBlocks((b) => b.push([e.credentialRecord(5)])),
        [{ block: 5, transaction: 0, reason: 'election-closed' }],
      ],
      [
        'a ballot before the open',
        () => withBlocks((b) => (b[0] = [e.ballot('Red').tx, ...e.ceremony, e.lifecycle('open'), ...credentials])),
        [{ block: 1, transaction: 0, reason: 'election-not-open' }],
      ],
      [
        'an open before the trustee’s key ceremony',
        () => withBlocks((b) => (b[0] = [e.lifecycle('open'), ...e.ceremony, ...credentials])),
        [
          { block: 1, transaction: 0, reason: 'ceremony-incomplete' },
          // Never opened: no ballot counts, and the close has nothing to close.
          { block: 2, transaction: 0, reason: 'election-not-open' },
          { block: 2, transaction: 1, reason: 'election-not-open' },
          { block: 2, transaction: 2, reason: 'election-not-open' },
          { block: 3, transaction: 0, reason: 'election-not-open' },
          { block: 4, transaction: 0, reason: 'lifecycle-out-of-order' },
        ],
      ],
      [
        'an open signed by another key',
        () => withBlocks((b) => (b[0][OPENING] = e.lifecycle('open', NOW - 300, forger.signingKey))),
        [{ block: 1, transaction: OPENING, reason: 'bad-authority-signature' }],
      ],
      [
        'a close signed by another key',
        () => withBlocks((b) => (b[3][0] = e.lifecycle('close', NOW - 50, forger.signingKey))),
        [{ block: 4, transaction: 0, reason: 'bad-authority-signature' }],
      ],
      [
        'a second open',
        () => withBlocks((b) => b[2].push(e.lifecycle('open', NOW - 10))),
        [{ block: 3, transaction: 1, reason: 'already-used' }],
      ],
      [
        'a credential record signed by another key',
        () => withBlocks((b) => (b[0][FIRST_CREDENTIAL] = e.credentialRecord(0, forger.signingKey))),
        [{ block: 1, transaction: FIRST_CREDENTIAL, reason: 'bad-authority-signature' }],
      ],
      [
        'a credential record whose roll proof does not lead to the committed roll',
        () => withBlocks((b) => (b[0][FIRST_CREDENTIAL] = { ...e.credentialRecord(0), roll_proof: [] })),
        [{ block: 1, transaction: FIRST_CREDENTIAL, reason: 'not-on-roll' }],
      ],
      [
        'a second credential for the same voter',
        () => withBlocks((b) => b[2].push(e.credentialRecord(0))),
        [{ block: 3, transaction: 1, reason: 'already-used' }],
      ],
      [
        'more ballots than credentials issued',
        () => withBlocks((b) => (b[0] = [...e.ceremony, e.lifecycle('open'), ...credentials.slice(0, 3)])),
        [{ block: 3, transaction: 0, reason: 'more-ballots-than-credentials' }],
      ],
      ['an empty block', () => withBlocks((b) => b.splice(2, 0, [])), [{ block: 3, reason: 'empty-block' }]],
    ])('rejects %s', async (_, build, expected) => {
      const report = await verify(build());
      expect(report.ok).toBe(false);
      expect(found(report)).toEqual(expected);
    });

    it('rejects a tag on the tree but beyond the roll size the genesis block published', async () => {
      const small = new SecretElection(authority, 3, { declaredRollSize: 2 });
      const txs = [...small.ceremony, small.lifecycle('open'), ...[0, 1, 2].map((i) => small.credentialRecord(i))];
      expect(found(await verify(chainOf(small.genesis, [txs], d)))).toEqual([
        { block: 1, transaction: txs.length - 1, reason: 'more-credentials-than-voters' },
      ]);
    });
  });

  describe('blocks', () => {
    /** The valid chain with one block replaced, and the blocks after it mined again on top of it. */
    const replacing = (index: number, edit: (chain: Block[]) => Block): Block[] => {
      const chain = valid();
      chain[index] = edit(chain);
      return remineFrom(chain, index + 1);
    };

    it.each<[string, () => Block[], object[]]>([
      [
        'a ballot whose sealed choice was changed in place (merkle root no longer matches)',
        () => replacing(2, (c) => ({ ...c[2], transactions: c[2].transactions.map((tx, i) => (i === 1 ? changed(b1) : tx)) })),
        [
          { block: 2, reason: 'merkle-root-mismatch' },
          { block: 2, transaction: 1, reason: 'bad-ballot-signature' },
        ],
      ],
      [
        'a transaction dropped from a block',
        () => replacing(2, (c) => ({ ...c[2], transactions: c[2].transactions.slice(1) })),
        [{ block: 2, reason: 'merkle-root-mismatch' }],
      ],
      [
        'a header changed without new proof of work',
        () => replacing(2, (c) => ({ ...c[2], timestamp: c[2].timestamp + 1 })),
        [{ block: 2, reason: 'hash-mismatch' }],
      ],
      [
        'a block linked to another parent',
        () => replacing(3, (c) => mine(c[2], c[3].transactions, d, { previous_hash: c[1].hash })),
        [{ block: 3, reason: 'previous-hash-mismatch' }],
      ],
      [
        'a block with a skipped index',
        () => replacing(3, (c) => mine(c[2], c[3].transactions, d, { index: 4 })),
        [{ block: 3, reason: 'index-mismatch' }],
      ],
      [
        'a block stamped before its parent',
        () => replacing(3, (c) => mine(c[2], c[3].transactions, d, { timestamp: c[2].timestamp - 1 })),
        [{ block: 3, reason: 'timestamp-before-parent' }],
      ],
      [
        'a block from the future',
        () => replacing(4, (c) => mine(c[3], c[4].transactions, d, { timestamp: NOW + 3600 })),
        [{ block: 4, reason: 'timestamp-in-future' }],
      ],
      [
        'a block mined at a lower difficulty than the election',
        () => replacing(3, (c) => mine(c[2], c[3].transactions, 0, { difficulty: 0 })),
        [{ block: 3, reason: 'difficulty-mismatch' }],
      ],
      ['a block without enough work', () => replacing(3, (c) => withoutWork(c[3])), [{ block: 3, reason: 'insufficient-work' }]],
      [
        'a block that is not shaped like a block',
        () => replacing(2, (c) => ({ ...c[2], transactions: 'none' }) as unknown as Block),
        [{ block: 2, reason: 'malformed-block' }],
      ],
    ])('rejects %s', async (_, build, expected) => {
      const report = await verify(build());
      expect(report.ok).toBe(false);
      expect(found(report)).toEqual(expected);
    });

    it('reports every problem, in chain order, not only the first', async () => {
      const chain = withBlocks((b) => {
        b[1].push(e.ballot('Red', forger.credentialKey).tx);
        b.push([e.ballot('Green').tx]);
      });
      chain[2] = withoutWork(chain[2]);
      expect(found(await verify(remineFrom(chain, 3)))).toEqual([
        { block: 2, reason: 'insufficient-work' },
        { block: 2, transaction: 3, reason: 'bad-credential' },
        { block: 5, transaction: 0, reason: 'election-closed' },
      ]);
    });

    it('an edit re-mined from there on is still caught by the signatures', async () => {
      const chain = valid();
      chain[2] = { ...chain[2], transactions: chain[2].transactions.map((tx, i) => (i === 0 ? changed(b0) : tx)) };
      expect(found(await verify(remineFrom(chain, 2)))).toEqual([{ block: 2, transaction: 0, reason: 'bad-ballot-signature' }]);
    });
  });

  describe('any single change', () => {
    const chain = valid();
    const HEADER_FIELDS = ['index', 'timestamp', 'previous_hash', 'nonce', 'difficulty', 'merkle_root', 'hash'] as const;
    /** A value of another kind or another content than the field had. */
    const anyValue = fc.oneof(
      fc.string({ maxLength: 70 }),
      fc.integer(),
      fc.double(),
      fc.constant(null),
      fc.array(fc.integer(), { maxLength: 2 }),
    );
    const edit = fc.oneof(
      fc.record({ block: fc.integer({ min: 0, max: chain.length - 1 }), field: fc.constantFrom(...HEADER_FIELDS), value: anyValue }),
      fc.record({ block: fc.integer({ min: 1, max: chain.length - 1 }), transaction: fc.nat(), field: fc.nat(), value: anyValue }),
    );

    it('of one field of a header or a transaction anywhere in a valid chain is found', async () => {
      await fc.assert(
        fc.asyncProperty(edit, async (e) => {
          const copy = JSON.parse(JSON.stringify(chain)) as Record<string, unknown>[];
          const block = copy[e.block];
          let target: Record<string, unknown> = block;
          let field: string = 'field' in e && typeof e.field === 'string' ? e.field : '';
          if ('transaction' in e) {
            const txs = block['transactions'] as Record<string, unknown>[];
            target = txs[e.transaction % txs.length];
            const keys = Object.keys(target);
            field = keys[e.field % keys.length];
          }
          fc.pre(JSON.stringify(target[field]) !== JSON.stringify(e.value));
          target[field] = e.value;
          const report = await verify(copy);
          expect(report.ok).toBe(false);
          expect(report.problems.some((p) => p.block === e.block)).toBe(true);
        }),
        { numRuns: 150 },
      );
    });
  });

  describe('genesis', () => {
    it('rejects a manifest edited under its genesis hash, and every signature made for the real one', async () => {
      const chain = valid();
      chain[0] = { ...chain[0], election: { ...e.election, title: 'Another title' } };
      const report = await verify(chain);
      expect(report.problems[0]).toMatchObject({
        block: 0,
        reason: 'bad-genesis',
        detail: 'the genesis block does not match its manifest',
      });
      expect(found(report)).toContainEqual({ block: 1, transaction: 0, reason: 'bad-trustee-signature' });
      expect(found(report)).toContainEqual({ block: 1, transaction: OPENING, reason: 'bad-authority-signature' });
    });

    it('rejects a genesis block that carries transactions', async () => {
      const chain = valid();
      chain[0] = { ...chain[0], transactions: [b0.tx] };
      expect(found(await verify(chain))).toEqual([{ block: 0, reason: 'bad-genesis' }]);
    });

    it('rejects a chain of another election than the expected one', async () => {
      const report = await verify(valid(), { expectedElectionId: 'f'.repeat(64) });
      expect(found(report)).toEqual([{ block: 0, reason: 'wrong-election' }]);
    });

    it.each<[string, unknown[]]>([
      ['no manifest', [{ ...genesisBlock(e.election, sha256), election: undefined }]],
      ['an invalid manifest', [genesisBlock({ ...e.election, parties: [] }, sha256)]],
      ['not an object', [42]],
    ])('stops at a genesis block with %s', async (_, chain) => {
      const report = await verify(chain);
      expect(found(report)).toEqual([{ block: 0, reason: 'bad-genesis' }]);
      expect(report.summary).toBeNull();
    });

    it('rejects an empty chain', async () => {
      const report = await verify([]);
      expect(found(report)).toEqual([{ block: 0, reason: 'empty-chain' }]);
      expect(report.ok).toBe(false);
    });
  });
});

/** The block with a nonce whose hash misses the difficulty: hash and header still agree. */
function withoutWork(block: Block): Block {
  for (let nonce = 0; ; nonce++) {
    const hash = hashHeader({ ...headerOf(block), nonce }, sha256);
    if (!hash.startsWith('0')) return { ...block, nonce, hash };
  }
}
