import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { AdminPage } from '../../../client/app/admin/admin-page';
import type { NodeStatus, PeerInfo } from '../../../protocol/api';
import type { Ballot } from '../../../protocol/types';
import { click, query, text, typeInto } from '../support/dom';
import { failNetwork, nodeError } from '../support/http';

const status: NodeStatus = {
  node_id: 'node-a',
  public_url: 'http://localhost:8000',
  election: 'Board election 2026',
  height: 7,
  tip: '00' + 'a'.repeat(62),
  cumulative_work: 1792,
  difficulty: 2,
  pending: 2,
  peers: 1,
  mining: false,
};
const pending: Ballot[] = [
  { voter_id: 'alice', party: 'Red', timestamp: 1_764_000_000 },
  { voter_id: 'bob', party: 'Green', timestamp: 1_764_000_010 },
];
const peers: PeerInfo[] = [
  { url: 'http://localhost:8001', node_id: 'node-b', last_seen: 1_764_000_000, failures: 0, state: 'reachable' },
];

/** Fake timers drive the dashboard's 3 s polling; detectChanges renders after each step. */
describe('AdminPage', () => {
  let fixture: ComponentFixture<AdminPage>;
  let http: HttpTestingController;
  let el: HTMLElement;

  beforeEach(() => {
    jest.useFakeTimers();
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    fixture = TestBed.createComponent(AdminPage);
    http = TestBed.inject(HttpTestingController);
    el = fixture.nativeElement;
  });

  afterEach(() => {
    fixture.destroy();
    http.verify({ ignoreCancelled: true });
    jest.useRealTimers();
  });

  function tick(ms: number): void {
    jest.advanceTimersByTime(ms);
    fixture.detectChanges();
  }

  function answerPolls(s: NodeStatus = status, p: Ballot[] = pending, q: PeerInfo[] = peers): void {
    http.expectOne('/api/status').flush(s);
    http.expectOne('/pending_tx').flush(p);
    http.expectOne('/api/peers').flush(q);
    fixture.detectChanges();
  }

  it('shows the node status, pending ballots and peers, refreshed every 3 s', () => {
    tick(0);
    answerPolls();
    expect(text(el, '#status-height')).toBe('7');
    expect(text(el, '#status-pending')).toBe('2');
    expect(text(el, '#status-work')).toBe('1792');
    expect(text(el, '#status-election')).toBe('Board election 2026');
    const voters = Array.from(el.querySelectorAll('#pending-table td.voter')).map((td) => td.textContent?.trim());
    expect(voters).toEqual(['alice', 'bob']);
    expect(text(el, '#peers-table tr[data-peer="http://localhost:8001"]')).toContain('reachable');

    tick(3000);
    answerPolls({ ...status, height: 8, pending: 0 }, [], peers);
    expect(text(el, '#status-height')).toBe('8');
    expect(text(el, '#status-pending')).toBe('0');
    expect(text(el, '#pending-table tbody')).toBe('No ballots waiting.');
  });

  it('refreshes the dashboard right after mining', () => {
    tick(0);
    answerPolls();
    click(el, '#mine-button');
    http.expectOne('/mine').flush({ mined: true, message: 'ok', index: 8, hash: '00bb', ballots: 2 });
    fixture.detectChanges();
    expect(text(el, '#mine-outcome')).toBe('Mined block #8 with 2 ballots.');

    tick(0);
    answerPolls({ ...status, height: 8, pending: 0 }, [], peers);
    expect(text(el, '#status-height')).toBe('8');
  });

  it('registers with a peer and shows the outcome', () => {
    tick(0);
    answerPolls();
    typeInto(el, '#peer-address', 'http://localhost:8002');
    click(el, '#register-button');
    const req = http.expectOne({ method: 'POST', url: '/register_with' });
    expect(req.request.body).toEqual({ node_address: 'http://localhost:8002' });
    req.flush({ message: 'Registration successful', peer: 'http://localhost:8002', adopted: true, height: 12 });
    fixture.detectChanges();
    expect(query(el, '#register-outcome').classList).toContain('success');
    expect(text(el, '#register-outcome')).toBe(
      "Registered with http://localhost:8002: adopted the peer's chain (height 12).",
    );
    tick(0);
    answerPolls();
  });

  it.each([
    [nodeError(422, 'self-registration', 'Cannot register with itself'), 'That address is this node itself.'],
    [nodeError(422, 'different-election', 'digest differs'), 'That node runs a different election: digest differs'],
    [nodeError(502, 'peer-unreachable', 'connect ECONNREFUSED'), 'The peer could not be reached: connect ECONNREFUSED'],
    [nodeError(504, 'peer-timeout', 'no answer in 5 s'), 'The peer did not answer in time: no answer in 5 s'],
    [nodeError(400, 'bad-request', ['node_address must be a URL']), 'Invalid address: node_address must be a URL'],
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
    failNetwork(http.expectOne('/api/status'));
    failNetwork(http.expectOne('/pending_tx'));
    failNetwork(http.expectOne('/api/peers'));
    fixture.detectChanges();
    expect(text(el, '#status-height')).toBe('7');
    expect(el.querySelectorAll('.notice.error')).toHaveLength(3);
    expect(text(el, '.notice.error')).toContain('may be out of date');
  });
});
