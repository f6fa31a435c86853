import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { browserSha256 } from '../../../client/app/shared/browser-sha256';
import { ElectionStore } from '../../../client/app/shared/election-store';
import { POLL_INTERVAL_MS } from '../../../client/app/shared/poll';
import { VerifyPage } from '../../../client/app/verify/verify-page';
import type { PeerInfo, ReceiptStatus } from '@api/http';
import { merkleProof, merkleRoot, transactionLeaf } from '@protocol/merkle';
import { searchNonce } from '@protocol/proof-of-work';
import type { ServedHeader } from '@protocol/receipt';
import type { Ballot, SealedBallot } from '@protocol/types';
import { click, query, text, typeInto } from '../support/dom';
import { electionInfo, secretElection } from '../support/elections';
import { failNetwork, nodeError, waitForRequest } from '../support/http';
import { waitFor } from '../../support/wait';

/*
 * A real block of three sealed ballots: its header meets its proof of work, the proof leads to its merkle
 * root. (The sealed choices need not open: the page only hashes the ballots.)
 */
const ballots: SealedBallot[] = [0, 1, 2].map((i) => ({
  type: 'sealed-ballot',
  sealed: { entries: [], sum_proof: { challenge: `challenge-${i}`, response: `response-${i}` } },
  ballot_key: `key-${i}`,
  credential: `credential-${i}`,
  signature: `signature-${i}`,
}));
const leaves = ballots.map((b) => transactionLeaf(b, browserSha256));
const code = leaves[1];

function mined(merkle_root: string, timestamp = 1_764_000_000): ServedHeader {
  const header = { index: 5, timestamp, previous_hash: '00' + 'a'.repeat(62), difficulty: 1, merkle_root };
  const found = searchNonce(header, 0, 1_000_000, browserSha256)!;
  return { ...header, nonce: found.nonce, hash: found.hash };
}
const header = mined(merkleRoot(ballots, browserSha256));

const confirmed: ReceiptStatus = {
  tracking_code: code,
  status: 'confirmed',
  transaction: ballots[1],
  block_index: 5,
  block_hash: header.hash,
  position: 1,
  proof: merkleProof(leaves, 1, browserSha256),
  confirmations: 3,
};

/** The same, in an open election: its ballots carry the voter ID and the party in clear. */
const openBallots: Ballot[] = ['Red', 'Green', 'Blue'].map((party, i) => ({ voter_id: `v-00${i}`, party, timestamp: 1_763_999_990 + i }));
const openLeaves = openBallots.map((b) => transactionLeaf(b, browserSha256));
const openHeader = mined(merkleRoot(openBallots, browserSha256));
const openConfirmed: ReceiptStatus = {
  ...confirmed,
  tracking_code: openLeaves[1],
  transaction: openBallots[1],
  block_hash: openHeader.hash,
  proof: merkleProof(openLeaves, 1, browserSha256),
};

const peers: PeerInfo[] = [
  { url: 'http://node-b:8001', node_id: 'b', last_seen: 1, failures: 0, state: 'reachable', score: 0, ban: null },
  { url: 'http://node-c:8002/', node_id: 'c', last_seen: 1, failures: 0, state: 'unknown', score: 0, ban: null },
  { url: 'http://node-d:8003', node_id: 'd', last_seen: 1, failures: 5, state: 'unreachable', score: 0, ban: null },
  // Banned by this node for misbehaving: never asked to vouch for a receipt.
  {
    url: 'http://node-e:8004',
    node_id: 'e',
    last_seen: 1,
    failures: 0,
    state: 'banned',
    score: 0,
    ban: { until: 2, reason: 'invalid-block: bad hash' },
  },
];

/** Short enough for a test to watch the page follow a pending ballot through several asks. */
const INTERVAL_MS = 20;

describe('VerifyPage', () => {
  let fixture: ComponentFixture<VerifyPage>;
  let http: HttpTestingController;
  let el: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), { provide: POLL_INTERVAL_MS, useValue: INTERVAL_MS }],
    });
    fixture = TestBed.createComponent(VerifyPage);
    http = TestBed.inject(HttpTestingController);
    el = fixture.nativeElement as HTMLElement;
    // The shared store loads the election (and its difficulty) on first use.
    http.expectOne('/api/election').flush(secretElection({ difficulty: 1 }));
    await fixture.whenStable();
  });

  afterEach(() => {
    // Leaving the page ends any following: an ask still open then is cancelled, not left behind.
    fixture.destroy();
    http.verify({ ignoreCancelled: true });
  });

  async function check(receipt: ReceiptStatus, trackingCode = code): Promise<void> {
    typeInto(el, '#verify-code', trackingCode);
    click(el, '#verify-submit');
    (await waitForRequest(http, `/api/receipts/${receipt.tracking_code}`)).flush(receipt);
  }

  async function outcome(): Promise<string> {
    await waitFor(() => el.querySelector('#verify-outcome') !== null, { what: 'the outcome' });
    await fixture.whenStable();
    return text(el, '#verify-outcome');
  }

  /** This node and node-b serve `self` and `b`; node-c has no block there yet. */
  async function answerHeaders(self: ServedHeader, b: ServedHeader): Promise<void> {
    (await waitForRequest(http, '/api/peers')).flush(peers);
    (await waitForRequest(http, '/api/headers/5')).flush(self);
    (await waitForRequest(http, 'http://node-b:8001/api/headers/5')).flush(b);
    (await waitForRequest(http, 'http://node-c:8002/api/headers/5')).flush(...nodeError(404, 'not-found', 'no block 5'));
  }

  it('verifies a ballot whose block two nodes serve identically, and shows the evidence', async () => {
    await check(confirmed);
    await answerHeaders(header, header);
    expect(await outcome()).toBe('Verified: your ballot is in block #5 (3 confirmations), and 2 nodes serve that same block.');
    expect(query(el, '#verify-outcome').classList).toContain('success');
    http.expectNone('http://node-d:8003/api/headers/5');
    http.expectNone('http://node-e:8004/api/headers/5');

    expect(text(el, '#verify-block-index')).toBe('#5');
    expect(text(el, '#verify-block-hash')).toBe(header.hash);
    expect(text(el, '#verify-confirmations')).toBe('3');
    // Sealed: the page proves the ballot is on the chain, never what it says.
    expect(text(el, '#verify-sealed')).toContain('Sealed: the ballot is encrypted');
    expect(el.querySelector('#verify-party')).toBeNull();
    expect(el.querySelectorAll('#verify-proof li')).toHaveLength(confirmed.proof.length);

    const rows = Array.from(el.querySelectorAll('#verify-nodes tbody tr'));
    expect(rows.map((r) => [r.getAttribute('data-node'), r.getAttribute('data-agrees')])).toEqual([
      ['self', 'true'],
      ['http://node-b:8001', 'true'],
      ['http://node-c:8002/', 'false'],
    ]);
    expect(text(el, '#verify-nodes tr[data-node="http://node-c:8002/"]')).toContain('No header: has no block at this height');
  });

  it("shows an open election's ballot with its party", async () => {
    TestBed.inject(ElectionStore).update(electionInfo({ difficulty: 1 }));
    await check(openConfirmed, openConfirmed.tracking_code);
    await answerHeaders(openHeader, openHeader);
    expect(await outcome()).toMatch(/^Verified/);
    expect(text(el, '#verify-party')).toBe('Green');
    expect(el.querySelector('#verify-sealed')).toBeNull();
  });

  it('accepts a pasted code in capitals or with spaces', async () => {
    await check(confirmed, `  ${code.slice(0, 32).toUpperCase()} ${code.slice(32)} `);
    await answerHeaders(header, header);
    expect(await outcome()).toMatch(/^Verified/);
  });

  /** What a node of the README's quick start answers: no peers, and its own header for the ballot's block. */
  const ONE_NODE =
    'Your ballot is in block #5 with 3 confirmations, checked against this node only: the proof leads from your tracking code to ' +
    'that block. Cross-checking needs a second node of this election, and no other node could be asked.';

  it('on a node alone, says calmly that the ballot is in its block, checked against this node only', async () => {
    await check(confirmed);
    (await waitForRequest(http, '/api/peers')).flush([]);
    (await waitForRequest(http, '/api/headers/5')).flush(header);
    expect(await outcome()).toBe(ONE_NODE);
    // Neutral, not red: nothing failed.
    expect(query(el, '#verify-outcome').classList).toContain('info');
    expect(query(el, '#verify-outcome').classList).not.toContain('error');
  });

  it('says "1 confirmation" in the singular', async () => {
    await check({ ...confirmed, confirmations: 1 });
    (await waitForRequest(http, '/api/peers')).flush([]);
    (await waitForRequest(http, '/api/headers/5')).flush(header);
    expect(await outcome()).toMatch(/^Your ballot is in block #5 with 1 confirmation, checked against this node only/);
  });

  it('keeps red for a proof that does not check, even on a node alone', async () => {
    await check({ ...confirmed, proof: [{ side: 'left', hash: 'ab'.repeat(32) }, ...confirmed.proof.slice(1)] });
    (await waitForRequest(http, '/api/peers')).flush([]);
    (await waitForRequest(http, '/api/headers/5')).flush(header);
    expect(await outcome()).toBe('Not verified: the proof does not match, it does not lead from your tracking code to block #5.');
    expect(query(el, '#verify-outcome').classList).toContain('error');
  });

  it('counts an unreachable peer as not asked', async () => {
    await check(confirmed);
    (await waitForRequest(http, '/api/peers')).flush(peers.slice(0, 1));
    (await waitForRequest(http, '/api/headers/5')).flush(header);
    failNetwork(await waitForRequest(http, 'http://node-b:8001/api/headers/5'));
    expect(await outcome()).toBe(ONE_NODE);
    expect(text(el, '#verify-nodes tr[data-node="http://node-b:8001"]')).toContain('could not be reached');
  });

  it('names the one node that answered when it is not this one', async () => {
    await check(confirmed);
    (await waitForRequest(http, '/api/peers')).flush(peers.slice(0, 1));
    (await waitForRequest(http, '/api/headers/5')).flush(...nodeError(500, 'internal-error', 'internal error'));
    (await waitForRequest(http, 'http://node-b:8001/api/headers/5')).flush(header);
    expect(await outcome()).toContain('checked against the node http://node-b:8001 only');
    // The node's words, without HTTP codes.
    expect(text(el, '#verify-nodes tr[data-node="self"] td:last-child')).toBe('No header: answered with an error: internal error');
  });

  it('says the check could not be made when no node serves the header', async () => {
    await check(confirmed);
    (await waitForRequest(http, '/api/peers')).flush([]);
    failNetwork(await waitForRequest(http, '/api/headers/5'));
    expect(await outcome()).toBe('The check could not be made: no node served the header of block #5. The nodes asked are listed below.');
    expect(query(el, '#verify-outcome').classList).toContain('error');
  });

  it('still checks against this node when the peer list cannot be read', async () => {
    await check(confirmed);
    failNetwork(await waitForRequest(http, '/api/peers'));
    (await waitForRequest(http, '/api/headers/5')).flush(header);
    expect(await outcome()).toBe(ONE_NODE);
  });

  it.each([
    [1, 'Merkle proof (1 step)'],
    [2, 'Merkle proof (2 steps)'],
  ])('counts %i proof step(s) in words', async (steps, summary) => {
    // Two ballots: one step; three ballots (the fixture): two.
    const two = ballots.slice(0, 2);
    const twoLeaves = two.map((b) => transactionLeaf(b, browserSha256));
    const receipt: ReceiptStatus =
      steps === 1
        ? {
            ...confirmed,
            tracking_code: twoLeaves[1],
            block_hash: mined(merkleRoot(two, browserSha256)).hash,
            proof: merkleProof(twoLeaves, 1, browserSha256),
          }
        : confirmed;
    const served = steps === 1 ? mined(merkleRoot(two, browserSha256)) : header;
    await check(receipt, receipt.tracking_code);
    await answerHeaders(served, served);
    await outcome();
    expect(text(el, '.proof summary')).toBe(summary);
    expect(el.querySelectorAll('#verify-proof li')).toHaveLength(steps);
  });

  it('says the nodes disagree when another node serves another block at that height', async () => {
    await check(confirmed);
    await answerHeaders(header, mined('ee'.repeat(32)));
    expect(await outcome()).toContain('Not verified: the nodes disagree');
    expect(query(el, '#verify-nodes tr[data-node="http://node-b:8001"]').getAttribute('data-agrees')).toBe('false');
    expect(text(el, '#verify-nodes tr[data-node="http://node-b:8001"]')).toContain('A different block');
  });

  it('rejects a header that does not hash to the hash it claims', async () => {
    await check(confirmed);
    await answerHeaders(header, { ...header, merkle_root: 'ee'.repeat(32) });
    expect(await outcome()).toBe('Not verified: a node served a block header that does not match its own hash or proof of work.');
  });

  it("rejects headers that claim less work than the election's difficulty", async () => {
    TestBed.inject(ElectionStore).update(secretElection({ difficulty: 2 }));
    await check(confirmed);
    await answerHeaders(header, header);
    expect(await outcome()).toContain('a node served a block header that does not match its own hash or proof of work');
  });

  it('says the proof does not match when it does not lead to the merkle root', async () => {
    await check({ ...confirmed, proof: [{ side: 'left', hash: 'ab'.repeat(32) }, ...confirmed.proof.slice(1)] });
    await answerHeaders(header, header);
    expect(await outcome()).toBe('Not verified: the proof does not match, it does not lead from your tracking code to block #5.');
  });

  it('says so when the ballot the node returns is not the one the code stands for', async () => {
    await check({ ...confirmed, transaction: { ...ballots[1], signature: 'signature-0' } });
    await answerHeaders(header, header);
    expect(await outcome()).toBe('Not verified: the ballot this node returned does not match your tracking code.');
  });

  it('says so when the receipt names another block than the nodes serve', async () => {
    await check({ ...confirmed, block_hash: '00' + 'f'.repeat(62) });
    await answerHeaders(header, header);
    expect(await outcome()).toContain("this node's receipt names another block");
  });

  it('says plainly that an unknown code is neither on the chain nor pending here', async () => {
    await check({ tracking_code: code, status: 'unknown' });
    expect(await outcome()).toBe('No ballot with this tracking code is on the chain, nor waiting for a block, at this node.');
    expect(el.querySelector('#verify-nodes')).toBeNull();
  });

  const PENDING =
    'Your ballot has reached this node and awaits a block. This page checks again every 0.02 s and shows the block as soon as one holds it.';

  /** Absence of a request can only be shown by letting the clock run: five intervals, and none is sent. */
  async function expectNoFurtherAsk(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 5 * INTERVAL_MS));
    http.expectNone(`/api/receipts/${code}`);
  }

  it('follows a pending ballot by itself until a block holds it, then checks it and stops asking', async () => {
    const pending: ReceiptStatus = { tracking_code: code, status: 'pending', transaction: ballots[1] };
    await check(pending);
    expect(await outcome()).toBe(PENDING);
    expect(query(el, '#verify-outcome').classList).toContain('info');
    const region = query(el, '.outcome-region');
    expect(region.getAttribute('aria-live')).toBe('polite');
    const shown = query(el, '#verify-outcome');

    // Still pending, then out of reach for a moment: the page keeps the same sentence (nothing to announce) and asks again.
    (await waitForRequest(http, `/api/receipts/${code}`)).flush(pending);
    failNetwork(await waitForRequest(http, `/api/receipts/${code}`));
    await fixture.whenStable();
    expect(query(el, '#verify-outcome')).toBe(shown);
    expect(text(el, '#verify-outcome')).toBe(PENDING);

    (await waitForRequest(http, `/api/receipts/${code}`)).flush(confirmed);
    await answerHeaders(header, header);
    await waitFor(() => el.querySelector('#verify-outcome.success'), { what: 'the verified outcome' });
    await fixture.whenStable();
    expect(text(el, '#verify-outcome')).toMatch(/^Verified: your ballot is in block #5/);
    expect(text(el, '#verify-block-index')).toBe('#5');

    await expectNoFurtherAsk();
  });

  it('stops following when another code is checked', async () => {
    await check({ tracking_code: code, status: 'pending', transaction: ballots[1] });
    expect(await outcome()).toBe(PENDING);
    await check({ tracking_code: code, status: 'unknown' });
    expect(await outcome()).toMatch(/^No ballot with this tracking code/);
    await expectNoFurtherAsk();
  });

  it('stops following when the page is left', async () => {
    await check({ tracking_code: code, status: 'pending', transaction: ballots[1] });
    expect(await outcome()).toBe(PENDING);
    fixture.destroy();
    await expectNoFurtherAsk();
  });

  it('reports a node that cannot be reached', async () => {
    typeInto(el, '#verify-code', code);
    click(el, '#verify-submit');
    failNetwork(await waitForRequest(http, `/api/receipts/${code}`));
    expect(await outcome()).toBe('The check could not be made: this node could not be reached. Check your connection, then try again.');
  });

  it('words a node error without HTTP codes', async () => {
    typeInto(el, '#verify-code', code);
    click(el, '#verify-submit');
    (await waitForRequest(http, `/api/receipts/${code}`)).flush(...nodeError(500, 'internal-error', 'internal error'));
    expect(await outcome()).toBe('The check could not be made: this node answered with an error (internal error). Try again in a moment.');
    expect(text(el, '#verify-outcome')).not.toMatch(/HTTP/);
  });

  it('says there is no election yet when the node has no receipts route', async () => {
    typeInto(el, '#verify-code', code);
    click(el, '#verify-submit');
    (await waitForRequest(http, `/api/receipts/${code}`)).flush(...nodeError(404, 'not-found', `Cannot GET /api/receipts/${code}`));
    const said = await outcome();
    expect(said).toBe(
      'No election exists on this node yet, so there is no ballot to check. Once an admin creates the election, its ballots can be checked here.',
    );
    expect(said).not.toMatch(/Cannot GET|HTTP/);
  });

  it('sends nothing for what is not a tracking code', async () => {
    typeInto(el, '#verify-code', 'not-a-code');
    click(el, '#verify-submit');
    await fixture.whenStable();
    http.expectNone(() => true);
    expect(text(el, '#verify-code-error')).toBe('A tracking code is 64 characters, digits and the letters a to f.');
  });
});

describe('VerifyPage on a node without an election', () => {
  it('says plainly that no election exists yet, and offers no check', async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    const fixture = TestBed.createComponent(VerifyPage);
    const http = TestBed.inject(HttpTestingController);
    http.expectOne('/api/election').flush({ phase: 'setup' });
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(text(el, '#verify-no-election')).toContain('This node has no election yet, so there is no ballot to check.');
    expect(el.querySelector('#verify-code')).toBeNull();
    expect(el.textContent).not.toMatch(/HTTP|Cannot GET/);
    http.verify();
  });

  it('does not ask for the receipt of a link while the node has no election', async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([{ path: 'verify/:code', component: VerifyPage }])],
    });
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(`/verify/${code}`, VerifyPage);
    const http = TestBed.inject(HttpTestingController);
    http.expectOne('/api/election').flush({ phase: 'setup' });
    await harness.fixture.whenStable();
    expect(text(harness.routeNativeElement!, '#verify-no-election')).toContain('no election yet');
    http.expectNone(`/api/receipts/${code}`);
    http.verify();
  });
});

describe('VerifyPage opened from a receipt link', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'verify', component: VerifyPage },
          { path: 'verify/:code', component: VerifyPage },
        ]),
      ],
    });
  });

  it.each([`/verify/${code}`, `/verify?code=${code}`])('checks the code in %s at once', async (url) => {
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url, VerifyPage);
    const http = TestBed.inject(HttpTestingController);
    http.expectOne('/api/election').flush(secretElection({ difficulty: 1 }));
    (await waitForRequest(http, `/api/receipts/${code}`)).flush({ tracking_code: code, status: 'pending', transaction: ballots[1] });
    await waitFor(() => harness.routeNativeElement?.querySelector('#verify-outcome') !== null, { what: 'the outcome' });
    harness.detectChanges();
    expect(query<HTMLInputElement>(harness.routeNativeElement!, '#verify-code').value).toBe(code);
    expect(text(harness.routeNativeElement!, '#verify-outcome')).toContain('awaits a block');
    harness.fixture.destroy();
    http.verify({ ignoreCancelled: true });
  });
});
