import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { AdminPage } from '../../../client/app/admin/admin-page';
import { adminTokenInterceptor } from '../../../client/app/api/admin-token';
import type { AuditResponse, ElectionInfo, NodeStatus, PeerInfo, SetupInfo } from '@api/http';
import type { Transaction } from '@protocol/types';
import { choose, click, query, text, typeInto } from '../support/dom';
import { secretElection } from '../support/elections';
import { failNetwork, nodeError } from '../support/http';

const status: NodeStatus = {
  node_id: 'node-a',
  public_url: 'http://localhost:8000',
  election: 'Board election 2026',
  election_id: 'e1'.padEnd(64, '0'),
  phase: 'open',
  height: 7,
  tip: '00' + 'a'.repeat(62),
  cumulative_work: 1792,
  difficulty: 2,
  pending: 2,
  peers: 1,
  mining: false,
};
const pending: Transaction[] = [
  { voter_id: 'alice', party: 'Red', timestamp: 1_764_000_000 },
  { voter_id: 'bob', party: 'Green', timestamp: 1_764_000_010 },
];
const peers: PeerInfo[] = [
  { url: 'http://localhost:8001', node_id: 'node-b', last_seen: 1_764_000_000, failures: 0, state: 'reachable', score: 0, ban: null },
  {
    url: 'http://10.0.0.9:8000',
    node_id: 'node-x',
    last_seen: 1_764_000_000,
    failures: 1,
    state: 'banned',
    score: 0,
    ban: { until: 1_764_003_600, reason: 'invalid-block: block 3 breaks a rule: bad-proof-of-work' },
  },
];
const election: ElectionInfo = secretElection({ roll_size: 10, credentials_issued: 4, ballots_cast: 3, pending: 1, height: 7 });
const audit: AuditResponse = {
  disagreement: false,
  tallies: [
    { url: 'http://localhost:8000', height: 7, tip: status.tip, tally_digest: 'd'.repeat(64), verdict: 'self' },
    { url: 'http://localhost:8001', height: 7, tip: status.tip, tally_digest: 'd'.repeat(64), verdict: 'agrees' },
  ],
};

const TOKEN = 't0k3n';

/** The admin page with a stored token, after the node has answered its first GET /api/election. */
function openAdminPage(first: ElectionInfo | SetupInfo): {
  fixture: ComponentFixture<AdminPage>;
  http: HttpTestingController;
  el: HTMLElement;
} {
  jest.useFakeTimers();
  sessionStorage.setItem('ballotchain.admin-token', TOKEN);
  TestBed.configureTestingModule({
    providers: [provideHttpClient(withInterceptors([adminTokenInterceptor])), provideHttpClientTesting(), provideRouter([])],
  });
  const fixture = TestBed.createComponent(AdminPage);
  const http = TestBed.inject(HttpTestingController);
  http.expectOne('/api/election').flush(first);
  fixture.detectChanges();
  return { fixture, http, el: fixture.nativeElement as HTMLElement };
}

function closeAdminPage(fixture: ComponentFixture<AdminPage>, http: HttpTestingController): void {
  fixture.destroy();
  http.verify({ ignoreCancelled: true });
  jest.useRealTimers();
  sessionStorage.clear();
}

/** Fake timers drive the dashboard's 3 s polling; detectChanges renders after each step. */
describe('AdminPage on a node running an election', () => {
  let fixture: ComponentFixture<AdminPage>;
  let http: HttpTestingController;
  let el: HTMLElement;

  beforeEach(() => {
    ({ fixture, http, el } = openAdminPage(election));
  });

  afterEach(() => closeAdminPage(fixture, http));

  function tick(ms: number): void {
    jest.advanceTimersByTime(ms);
    fixture.detectChanges();
  }

  function answerPolls(
    s: NodeStatus = status,
    p: Transaction[] = pending,
    q: PeerInfo[] = peers,
    e: ElectionInfo = election,
    a: AuditResponse = audit,
  ): void {
    http.expectOne('/api/status').flush(s);
    http.expectOne('/pending_tx').flush(p);
    http.expectOne('/api/peers').flush(q);
    http.expectOne('/api/election').flush(e);
    http.expectOne('/api/audit').flush(a);
    fixture.detectChanges();
  }

  it('shows the node status, pending transactions and peers, refreshed every 3 s', () => {
    tick(0);
    answerPolls();
    expect(text(el, '#status-height')).toBe('7');
    expect(text(el, '#status-pending')).toBe('2');
    expect(text(el, '#status-work')).toBe('1792');
    expect(text(el, '#status-election')).toBe('Board election 2026');
    expect(text(el, '#status-phase')).toBe('open');
    const voters = Array.from(el.querySelectorAll('#pending-table td.voter')).map((td) => td.textContent?.trim());
    expect(voters).toEqual(['alice', 'bob']);
    expect(text(el, '#peers-table tr[data-peer="http://localhost:8001"]')).toContain('reachable');
    const banned = text(el, '#peers-table tr[data-peer="http://10.0.0.9:8000"]');
    expect(banned).toContain('banned');
    expect(banned).toContain('invalid-block: block 3 breaks a rule: bad-proof-of-work');

    tick(3000);
    answerPolls({ ...status, height: 8, pending: 0 }, [], peers);
    expect(text(el, '#status-height')).toBe('8');
    expect(text(el, '#status-pending')).toBe('0');
    expect(text(el, '#pending-table tbody')).toBe('Nothing waiting.');
  });

  it('shows the phase and the turnout, refreshed with the polls', () => {
    tick(0);
    answerPolls();
    expect(text(el, '#election-phase')).toBe('open');
    expect(text(el, '#turnout-credentials')).toBe('4 / 10');
    expect(text(el, '#turnout-ballots')).toBe('3 (30.0%)');
    expect(text(el, '#turnout-pending')).toBe('1');

    tick(3000);
    answerPolls(status, pending, peers, { ...election, credentials_issued: 6, ballots_cast: 5 });
    expect(text(el, '#turnout-credentials')).toBe('6 / 10');
    expect(text(el, '#turnout-ballots')).toBe('5 (50.0%)');
  });

  it('lists every node’s tally and flags a disagreement', () => {
    tick(0);
    answerPolls();
    expect(el.querySelectorAll('#audit-table tbody tr[data-verdict]')).toHaveLength(2);
    expect(text(el, '#audit-table tr[data-verdict="self"]')).toContain('this node');
    expect(el.querySelector('#audit-disagreement')).toBeNull();
    expect(el.querySelector('#audit-agreement')).not.toBeNull();

    tick(3000);
    answerPolls(status, pending, peers, election, {
      disagreement: true,
      tallies: [audit.tallies[0], { ...audit.tallies[1], tally_digest: 'e'.repeat(64), verdict: 'disagrees' }],
    });
    expect(text(el, '#audit-disagreement')).toMatch(/^Disagreement/);
    expect(text(el, '#audit-table tr[data-node="http://localhost:8001"]')).toContain('DISAGREES');
  });

  it('mines with the admin token and refreshes the dashboard right after', () => {
    tick(0);
    answerPolls();
    click(el, '#mine-button');
    const req = http.expectOne('/mine');
    expect(req.request.headers.get('Authorization')).toBe(`Bearer ${TOKEN}`);
    req.flush({ mined: true, message: 'ok', index: 8, hash: '00bb', ballots: 2 });
    fixture.detectChanges();
    expect(text(el, '#mine-outcome')).toBe('Mined block #8 with 2 ballots.');

    tick(0);
    answerPolls({ ...status, height: 8, pending: 0 }, [], peers);
    expect(text(el, '#status-height')).toBe('8');
  });

  it('sends no token with the public polls', () => {
    tick(0);
    for (const url of ['/api/status', '/pending_tx', '/api/peers', '/api/election', '/api/audit']) {
      const req = http.expectOne(url);
      expect(req.request.headers.has('Authorization')).toBe(false);
    }
  });

  it('registers with a peer and shows the outcome', () => {
    tick(0);
    answerPolls();
    typeInto(el, '#peer-address', 'http://localhost:8002');
    click(el, '#register-button');
    const req = http.expectOne({ method: 'POST', url: '/register_with' });
    expect(req.request.body).toEqual({ node_address: 'http://localhost:8002' });
    expect(req.request.headers.get('Authorization')).toBe(`Bearer ${TOKEN}`);
    req.flush({ message: 'Registration successful', peer: 'http://localhost:8002', adopted: true, height: 12 });
    fixture.detectChanges();
    expect(query(el, '#register-outcome').classList).toContain('success');
    expect(text(el, '#register-outcome')).toBe("Registered with http://localhost:8002: adopted the peer's chain (height 12).");
    tick(0);
    answerPolls();
  });

  it.each([
    [nodeError(422, 'self-registration', 'Cannot register with itself'), 'That address is this node itself.'],
    [nodeError(422, 'different-election', 'digest differs'), 'That node runs a different election: digest differs'],
    [nodeError(502, 'peer-unreachable', 'connect ECONNREFUSED'), 'The peer could not be reached: connect ECONNREFUSED'],
    [nodeError(504, 'peer-timeout', 'no answer in 5 s'), 'The peer did not answer in time: no answer in 5 s'],
    [nodeError(400, 'bad-request', ['node_address must be a URL']), 'Invalid address: node_address must be a URL'],
    [nodeError(401, 'admin-token-required', 'no token'), 'This needs the admin token: enter it under Admin token at the top of this page.'],
  ])('shows the register error %#', (reply, expected) => {
    tick(0);
    answerPolls();
    typeInto(el, '#peer-address', 'http://localhost:8000');
    click(el, '#register-button');
    http.expectOne('/register_with').flush(...reply);
    fixture.detectChanges();
    expect(query(el, '#register-outcome').classList).toContain('error');
    expect(text(el, '#register-outcome')).toBe(expected);
  });

  it('forgets a token the node calls invalid, and says so', () => {
    tick(0);
    answerPolls();
    click(el, '#mine-button');
    http.expectOne('/mine').flush(...nodeError(401, 'invalid-admin-token', 'wrong token'));
    fixture.detectChanges();
    expect(text(el, '#mine-outcome')).toBe('The admin token was refused: enter the current one under Admin token at the top of this page.');
    expect(sessionStorage.getItem('ballotchain.admin-token')).toBeNull();
    expect(el.querySelector('#admin-token')).not.toBeNull();
  });

  it('does not send an address without a scheme', () => {
    tick(0);
    answerPolls();
    typeInto(el, '#peer-address', 'localhost:8001');
    click(el, '#register-button');
    fixture.detectChanges();
    http.expectNone('/register_with');
    expect(text(el, '#peer-address-error')).toContain('http://localhost:8001');
  });

  it('resyncs and shows the SyncResult', () => {
    tick(0);
    answerPolls();
    click(el, '#resync-button');
    const req = http.expectOne({ method: 'POST', url: '/api/sync' });
    req.flush({ height: 9, tip: '00' + 'c'.repeat(62), peers_contacted: 2, blocks_added: 2 });
    fixture.detectChanges();
    expect(text(el, '#resync-outcome')).toBe('Contacted 2 peers, added 2 blocks. Height 9, tip 00cccccccc…cccccc.');
    tick(0);
    answerPolls();
  });

  it('keeps the last status and warns when the node stops answering', () => {
    tick(0);
    answerPolls();
    tick(3000);
    for (const url of ['/api/status', '/pending_tx', '/api/peers', '/api/election', '/api/audit']) {
      failNetwork(http.expectOne(url));
    }
    fixture.detectChanges();
    expect(text(el, '#status-height')).toBe('7');
    expect(text(el, '#turnout-credentials')).toBe('4 / 10');
    expect(el.querySelectorAll('.notice.error')).toHaveLength(5);
    expect(text(el, '.notice.error')).toContain('may be out of date');
  });
});

describe('AdminPage on a node waiting for an election', () => {
  let fixture: ComponentFixture<AdminPage>;
  let http: HttpTestingController;
  let el: HTMLElement;

  beforeEach(() => {
    ({ fixture, http, el } = openAdminPage({ phase: 'setup' }));
  });

  afterEach(() => closeAdminPage(fixture, http));

  it('offers the create form and polls nothing else', () => {
    jest.advanceTimersByTime(10_000);
    expect(query(el, '#create-election')).toBeTruthy();
    expect(query<HTMLSelectElement>(el, '#election-scheme').value).toBe('secret');
    expect(el.querySelector('#turnout')).toBeNull();
    http.expectNone('/api/status');
  });

  it('creates an open election, then waits through the restart until the node serves it', () => {
    typeInto(el, '#election-title', 'Club vote');
    const parties = query<HTMLTextAreaElement>(el, '#election-parties');
    parties.value = 'Red\n  Green \n\nBlue\n';
    parties.dispatchEvent(new Event('input'));
    choose(el, '#election-scheme', 'open');
    click(el, '#create-election');
    fixture.detectChanges();

    const req = http.expectOne({ method: 'POST', url: '/api/admin/election' });
    expect(req.request.headers.get('Authorization')).toBe(`Bearer ${TOKEN}`);
    expect(req.request.body).toEqual({
      title: 'Club vote',
      parties: ['Red', 'Green', 'Blue'],
      difficulty: 2,
      scheme: 'open',
      roll_csv: '',
    });
    req.flush({ election_id: 'e'.repeat(64), voters: 0, codes_csv: '' }, { status: 201, statusText: 'Created' });
    fixture.detectChanges();
    expect(text(el, '#create-election-outcome')).toBe('Election created with 0 voters on the roll.');
    expect(query(el, '#election-restart')).toBeTruthy();
    // An open election has no codes.
    expect(el.querySelector('#download-codes')).toBeNull();

    // The node is restarting: the first asks fail, and that is expected.
    jest.advanceTimersByTime(500);
    failNetwork(http.expectOne('/api/election'));
    jest.advanceTimersByTime(1000);
    http.expectOne('/api/election').flush({ phase: 'setup' });
    jest.advanceTimersByTime(1000);
    http.expectOne('/api/election').flush(secretElection({ scheme: 'open', phase: 'open', is_authority: true }));
    fixture.detectChanges();

    expect(el.querySelector('#create-election')).toBeNull();
    expect(text(el, '#election-phase')).toBe('open');
  });

  it('says when the node has not come back after a minute', () => {
    typeInto(el, '#election-title', 'Club vote');
    typeInto(el, '#election-parties', 'Red');
    choose(el, '#election-scheme', 'open');
    click(el, '#create-election');
    http.expectOne('/api/admin/election').flush({ election_id: 'e'.repeat(64), voters: 0, codes_csv: '' });
    for (let second = 0; second < 61; second++) {
      jest.advanceTimersByTime(1000);
      for (const req of http.match('/api/election')) if (!req.cancelled) failNetwork(req);
    }
    fixture.detectChanges();
    expect(text(el, '#create-election-outcome')).toContain('has not come back');
  });
});
