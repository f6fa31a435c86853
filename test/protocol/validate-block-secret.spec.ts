import {
  type AncestryView,
  applyBlock,
  type Block,
  type BlockContext,
  type BlockOutcome,
  type BlockRejection,
  claimsOf,
  initialLedgerState,
  type LedgerState,
  MAX_FUTURE_DRIFT_SECONDS,
  type Transaction,
  validateBlock,
  validateBlockAlone,
  validateBlockOnParent,
} from '../../protocol';
import { ancestry, ballot, genesis, mineBlock, NOW, rulesOf, sha256 } from './fixtures';
import { ed25519Pair, makeSecretElection, rsaPair } from './secret-election';
import { anyString, stringMatching } from '../support/matchers';

/*
 * Blocks of a sealed secret election of three voters: credentials and the key ceremony in the draft, an
 * opening, sealed ballots, a closing.
 */
const S = makeSecretElection({ voterCount: 3 });
const E = S.election;
const RULES = S.rules;
const CTX: BlockContext = { rules: RULES, hash: sha256, now: NOW };
const G = genesis(E);
const mine = (parent: Pick<Block, 'index' | 'hash'>, txs: Transaction[], timestamp: number) => mineBlock(parent, txs, { timestamp }, E);

const R1 = S.credentialRecord('S001');
const R2 = S.credentialRecord('S002');
const R3 = S.credentialRecord('S003');
const OPEN = S.lifecycle('open', NOW - 200);
const CLOSE = S.lifecycle('close', NOW - 100);
const KEY = ed25519Pair();
const V1 = S.sealedBallot(0, { key: KEY });
const V2 = S.sealedBallot(2);
const V3 = S.sealedBallot(0);
/** One more voter's ballot, for the cases of one ballot too many. */
const V4 = S.sealedBallot(2);

const B1 = mine(G, [R1, R2, R3, ...S.ceremony], NOW - 300);
const B2 = mine(B1, [OPEN, V1, V2], NOW - 200);
const B3 = mine(B2, [V3, CLOSE], NOW - 100);

const st = (phase: LedgerState['phase'], ballots: number, credentials: number): LedgerState => S.ledgerState(phase, ballots, credentials);
/** What the order rules count of a state: its phase, ballots and credentials (the sums are sealed-ledger.spec.ts's). */
const counted = ({ phase, ballots, credentials }: LedgerState) => ({ phase, ballots, credentials });
/** The verdict on a block, with the state after it as counted. */
const outcome = (verdict: BlockOutcome) => (verdict.ok ? { ok: true, state: counted(verdict.state) } : verdict);

/** The ancestry view after the given blocks (claims and state), built by the rules themselves. */
function after(...blocks: Block[]): AncestryView {
  const claims = blocks.flatMap((b) => b.transactions.flatMap(claimsOf));
  let state = initialLedgerState(E);
  for (const b of blocks) {
    const applied = applyBlock(b, ancestry([], state), RULES);
    if (!applied.ok) throw new Error(`fixture chain is invalid: ${applied.reason}`);
    state = applied.state;
  }
  return ancestry(claims, state);
}

describe('validateBlock (secret election)', () => {
  it.each<[string, Block, Block, AncestryView, LedgerState]>([
    ['credentials and the ceremony in the draft', B1, G, after(), st('draft', 0, 3)],
    ['the opening and two ballots', B2, B1, after(B1), st('open', 2, 3)],
    ['a last ballot and the closing', B3, B2, after(B1, B2), st('closed', 3, 3)],
  ])('accepts %s and returns the state after it', (_name, block, parent, view, state) => {
    expect(outcome(validateBlock(block, parent, view, CTX))).toEqual({ ok: true, state: counted(state) });
  });

  it('returns the sums of the ballots with the state', () => {
    const verdict = validateBlock(B3, B2, after(B1, B2), CTX);
    expect(verdict.ok && verdict.state.sealed?.sum).toEqual(after(B1, B2, B3).state.sealed?.sum);
    expect(verdict.ok && verdict.state.sealed?.sum).not.toEqual(after(B1, B2).state.sealed?.sum);
  });

  it('accepts a whole election in one block', () => {
    const block = mine(G, [R1, ...S.ceremony, OPEN, V1, R2, V2, CLOSE], NOW);
    expect(outcome(validateBlock(block, G, after(), CTX))).toEqual({ ok: true, state: counted(st('closed', 2, 2)) });
  });

  it('rejects the chain of another election', () => {
    const other = makeSecretElection({ voterCount: 3, title: 'Another' });
    const otherContext = { rules: other.rules, hash: sha256, now: NOW };
    expect(validateBlock(B1, G, after(), otherContext)).toMatchObject({ ok: false, reason: 'invalid-ballot' });
  });
});

describe('validateBlockAlone (secret election)', () => {
  it.each<[string, Block]>([
    ['credential records', B1],
    ['an opening and ballots', B2],
    ['a ballot and a closing', B3],
    ['ballots in the draft (order rules are checked on the parent)', mine(G, [V1, V2], NOW)],
    ['a closing before an opening (order rules are checked on the parent)', mine(G, [CLOSE, OPEN], NOW)],
  ])('accepts %s', (_name, block) => {
    expect(validateBlockAlone(block, CTX)).toEqual({ ok: true });
  });

  const otherRsa = rsaPair();
  const other = ed25519Pair();

  it.each<[string, Transaction[], RegExp]>([
    ['a ballot with a forged credential', [R1, S.sealedBallot(0, { credentialSigner: otherRsa.privateKey })], /^bad-credential: /],
    ['a ballot altered after signing', [{ ...V1, sealed: V2.sealed }], /^bad-ballot-signature: /],
    ['an opening of a sealed election without its key', [S.lifecycle('open', NOW, { electionKey: null })], /^wrong-scheme: /],
    ['a credential record with a bad roll proof', [S.credentialRecord('S001', { proof: S.proofOf('S002') })], /^not-on-roll: /],
    ['a credential record signed by another key', [S.credentialRecord('S001', { signer: other.privateKey })], /^bad-authority-signature: /],
    ['an opening signed by another key', [S.lifecycle('open', NOW, { signer: other.privateKey })], /^bad-authority-signature: /],
    ['an open ballot', [ballot('S001', 'Red')], /^wrong-scheme: /],
    ['a valid transaction before an invalid one', [R1, OPEN, V1, { ...V2, sealed: V3.sealed }], /^bad-ballot-signature: /],
  ])('rejects %s as invalid-ballot, naming the transaction rule', (_name, txs, detail) => {
    const verdict = validateBlockAlone(mine(G, txs, NOW), CTX);
    expect(verdict).toEqual({ ok: false, reason: 'invalid-ballot', detail: anyString });
    if (!verdict.ok) expect(verdict.detail).toMatch(detail);
  });

  it('bounds a lifecycle timestamp by the block’s timestamp, not the node clock', () => {
    const late = S.lifecycle('close', NOW - 1000 + MAX_FUTURE_DRIFT_SECONDS + 1);
    expect(validateBlockAlone(mine(G, [late], NOW - 1000), CTX)).toMatchObject({
      reason: 'invalid-ballot',
      detail: stringMatching(/^bad-timestamp: /),
    });
    expect(validateBlockAlone(mine(G, [late], NOW), CTX)).toEqual({ ok: true });
  });

  it.each<[string, Transaction[], string]>([
    ['the same ballot twice', [V1, V1], `key:${KEY.publicKey}`],
    ['two ballots with one ballot key (one credential)', [V1, S.sealedBallot(2, { key: KEY })], `key:${KEY.publicKey}`],
    [
      'a copy of a ballot’s ciphertexts under a ballot key of its own',
      [V1, S.sealedBallot(0, { copied: V1.sealed })],
      `seal:${V1.sealed.entries[0].alpha}`,
    ],
    ['the ceremony twice', [...S.ceremony, S.ceremony[0]], 'trustee:trustee-commitments:1'],
    ['two credential records for one voter', [R1, R2, S.credentialRecord('S001')], `tag:${S.tagOf('S001')}`],
    ['two openings', [OPEN, S.lifecycle('open', NOW - 150)], 'phase:open'],
    ['two closings', [CLOSE, S.lifecycle('close', NOW - 50)], 'phase:close'],
  ])('rejects %s in one block (duplicate-in-block)', (_name, txs, claim) => {
    const verdict = validateBlockAlone(mine(G, txs, NOW), CTX);
    expect(verdict).toEqual({ ok: false, reason: 'duplicate-in-block', detail: anyString });
    if (!verdict.ok) expect(verdict.detail).toContain(claim);
  });
});

describe('validateBlockOnParent / applyBlock (secret election)', () => {
  it.each<[string, Transaction[], AncestryView, BlockRejection]>([
    ['a ballot already on the chain', [V1], after(B1, B2), 'already-used'],
    ['another ballot with a ballot key already used', [S.sealedBallot(2, { key: KEY })], after(B1, B2), 'already-used'],
    ['the ceremony again', [S.ceremony[0]], after(B1), 'already-used'],
    ['a copy of the ciphertexts of a ballot on the chain', [S.sealedBallot(0, { copied: V2.sealed })], after(B1, B2), 'already-used'],
    ['a credential record already on the chain', [S.credentialRecord('S002')], after(B1), 'already-used'],
    ['a second opening (its claim is used)', [S.lifecycle('open', NOW)], after(B1, B2), 'already-used'],
    ['a ballot in the draft', [V3], after(B1), 'election-not-open'],
    ['a ballot before the opening in the same block', [V3, OPEN], after(B1), 'election-not-open'],
    ['a ballot after the closing in the same block', [OPEN, V3, CLOSE, V4], after(B1), 'election-closed'],
    ['a ballot after the close', [V4], after(B1, B2, B3), 'election-closed'],
    ['a credential record after the close', [R1], ancestry([], st('closed', 0, 0)), 'election-closed'],
    ['a closing before the opening', [CLOSE], after(B1), 'lifecycle-out-of-order'],
    ['a closing before the opening in the same block', [CLOSE, OPEN], after(B1), 'lifecycle-out-of-order'],
    ['a ballot without any credential issued', [OPEN, V1], ancestry([], st('draft', 0, 0)), 'more-ballots-than-credentials'],
    ['more ballots than credentials', [V3, V4], ancestry([], st('open', 1, 2)), 'more-ballots-than-credentials'],
    ['an opening before the key ceremony', [R1, OPEN], ancestry([], initialLedgerState(E)), 'ceremony-incomplete'],
    [
      'an opening that names another key',
      [S.lifecycle('open', NOW - 200, { electionKey: V1.sealed.entries[0].alpha })],
      after(B1),
      'wrong-election-key',
    ],
    [
      'a ballot sealed to another key',
      [S.sealedBallot(0, { to: { key: S.group.multiplyBase(S.group.randomScalar()), base: S.opened.base } })],
      after(B1, B2),
      'sealed-entry-proof',
    ],
    [
      'a ballot before the credential that covers it in the same block',
      [OPEN, V1, R1],
      ancestry([], st('draft', 0, 0)),
      'more-ballots-than-credentials',
    ],
    ['more credentials than the roll size', [R1], ancestry([], st('draft', 0, 3)), 'more-credentials-than-voters'],
  ])('rejects %s', (_name, txs, view, reason) => {
    const parentIndex = 5;
    const block = mine({ index: parentIndex, hash: B3.hash }, txs, NOW);
    const parent = { ...B3, index: parentIndex };
    expect(applyBlock(block, view, RULES)).toEqual({ ok: false, reason, detail: anyString });
    expect(validateBlockOnParent(block, parent, view, RULES)).toEqual({ ok: false, reason, detail: anyString });
  });

  it.each<[string, Transaction[], AncestryView, LedgerState]>([
    ['the ceremony, a credential and the ballot it covers in one block', [...S.ceremony, OPEN, R1, V1], after(), st('open', 1, 1)],
    ['ballots up to the credentials issued', [V3], after(B1, B2), st('open', 3, 3)],
    ['credentials after the opening', [R3], ancestry([], st('open', 2, 2)), st('open', 2, 3)],
  ])('accepts %s', (_name, txs, view, state) => {
    const block = mine(G, txs, NOW);
    expect(outcome(applyBlock(block, view, RULES))).toEqual({ ok: true, state: counted(state) });
    expect(outcome(validateBlockOnParent(block, G, view, RULES))).toEqual({ ok: true, state: counted(state) });
  });

  it('checks the claim before the order rules', () => {
    // The opening is both used and out of order: "already used" is the more precise reason.
    expect(applyBlock(mine(G, [OPEN], NOW), after(B1, B2), RULES)).toMatchObject({ reason: 'already-used' });
  });

  it('checks the link before the transactions', () => {
    const block = mine(B1, [V1], NOW);
    expect(validateBlockOnParent({ ...block, index: 7 }, B1, after(B1), RULES)).toMatchObject({ reason: 'index-mismatch' });
    expect(validateBlockOnParent(block, B2, after(B1), RULES)).toMatchObject({ reason: 'index-mismatch' });
    expect(validateBlockOnParent(block, B1, after(B1), RULES)).toMatchObject({ reason: 'election-not-open' });
  });

  it('leaves the ancestry state untouched', () => {
    const view = after(B1);
    const before = { ...view.state };
    expect(validateBlockOnParent(B2, B1, view, RULES).ok).toBe(true);
    expect(view.state).toEqual(before);
  });

  it('counts open ballots without credentials in an election without authority', () => {
    const open = { title: 'Open', parties: ['Red'], difficulty: 1, scheme: 'open' as const };
    const g = genesis(open);
    const block = mineBlock(g, [ballot('A', 'Red'), ballot('B', 'Red')], {}, open);
    expect(applyBlock(block, ancestry([], initialLedgerState(open)), rulesOf(open))).toEqual({
      ok: true,
      state: { phase: 'open', ballots: 2, credentials: 0 },
    });
  });
});
