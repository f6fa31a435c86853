import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { LifecyclePanel } from '../../../client/app/admin/lifecycle-panel';
import { AdminToken } from '../../../client/app/api/admin-token';
import { adminTokenInterceptor } from '../../../client/app/api/admin-token';
import { ElectionStore } from '../../../client/app/shared/election-store';
import { FileDownload } from '../../../client/app/shared/file-download';
import type { ElectionInfo } from '@api/http';
import { click, query, text } from '../support/dom';
import { electionInfo, secretElection } from '../support/elections';
import { failNetwork, nodeError } from '../support/http';

describe('LifecyclePanel', () => {
  let fixture: ComponentFixture<LifecyclePanel>;
  let http: HttpTestingController;
  let el: HTMLElement;
  let saved: { data: Blob; name: string }[];
  let changes: number;

  beforeEach(() => {
    saved = [];
    changes = 0;
    sessionStorage.setItem('ballotchain.admin-token', 'tok');
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([adminTokenInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: FileDownload, useValue: { save: (data: Blob, name: string) => saved.push({ data, name }) } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    sessionStorage.clear();
  });

  async function render(election: ElectionInfo): Promise<void> {
    fixture = TestBed.createComponent(LifecyclePanel);
    fixture.componentRef.setInput('election', election);
    fixture.componentInstance.changed.subscribe(() => changes++);
    el = fixture.nativeElement as HTMLElement;
    // The shared store loads the election on first use.
    http.expectOne('/api/election').flush(election);
    await fixture.whenStable();
  }

  /** Clicks `button`; the panel checks the stored token with the node, which accepts it. */
  async function askWithToken(button: string): Promise<void> {
    click(el, button);
    await fixture.whenStable();
    const check = http.expectOne({ method: 'GET', url: '/api/admin/check' });
    expect(check.request.headers.get('Authorization')).toBe('Bearer tok');
    check.flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();
  }

  it('opens a draft election after checking the token and a confirmation, and says so once', async () => {
    await render(secretElection({ phase: 'draft' }));
    expect(el.querySelector('#close-election')).toBeNull();
    expect(text(el, '#lifecycle-state')).toBe('The election is not open yet: no one can vote until it is opened.');
    click(el, '#open-election');
    await fixture.whenStable();
    // The token first: no question is asked before the node has accepted it.
    expect(el.querySelector('#lifecycle-confirm-text')).toBeNull();
    http.expectOne('/api/admin/check').flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();
    expect(text(el, '#lifecycle-confirm-text')).toContain('Open the election now?');
    http.expectNone('/api/admin/open');

    click(el, '#cancel-lifecycle');
    await fixture.whenStable();
    expect(el.querySelector('#confirm-lifecycle')).toBeNull();

    await askWithToken('#open-election');
    click(el, '#confirm-lifecycle');
    const req = http.expectOne({ method: 'POST', url: '/api/admin/open' });
    expect(req.request.headers.get('Authorization')).toBe('Bearer tok');
    const opened = secretElection({ phase: 'open' });
    req.flush(opened);
    fixture.componentRef.setInput('election', opened);
    await fixture.whenStable();

    expect(text(el, '#lifecycle-state')).toBe('The election is open: voters can cast their ballots.');
    expect(el.querySelector('#lifecycle-outcome')).toBeNull();
    expect(TestBed.inject(ElectionStore).election()?.phase).toBe('open');
    expect(changes).toBe(1);
    expect(query(el, '#close-election')).toBeTruthy();
  });

  it('closes an open election and explains a refusal', async () => {
    await render(secretElection({ phase: 'open' }));
    await askWithToken('#close-election');
    expect(text(el, '#lifecycle-confirm-text')).toContain('results become final');
    click(el, '#confirm-lifecycle');
    http
      .expectOne({ method: 'POST', url: '/api/admin/close' })
      .flush(...nodeError(409, 'lifecycle-out-of-order', 'cannot close an election that is closed'));
    await fixture.whenStable();
    expect(text(el, '#lifecycle-outcome')).toBe('Not possible in this phase: cannot close an election that is closed');
    expect(changes).toBe(1);
  });

  it('after closing, says it once: closed, and final once the trustees have decrypted', async () => {
    const open = secretElection({ phase: 'open' });
    await render(open);
    await askWithToken('#close-election');
    click(el, '#confirm-lifecycle');
    const closed = secretElection({ phase: 'closed' });
    http.expectOne({ method: 'POST', url: '/api/admin/close' }).flush(closed);
    fixture.componentRef.setInput('election', closed);
    await fixture.whenStable();
    expect(el.querySelector('#lifecycle-outcome')).toBeNull();
    expect(el.querySelectorAll('#lifecycle-state')).toHaveLength(1);
    expect(text(el, '#lifecycle-state')).toBe(
      'The election is closed: no more ballots are accepted. The results are final once enough trustees have decrypted the total.',
    );
    expect((el.textContent ?? '').match(/closed/g)).toHaveLength(2);

    const sealed = closed.sealed!;
    const decrypted = { ...sealed, trustees: sealed.trustees.map((t) => ({ ...t, decrypted: true })) };
    fixture.componentRef.setInput('election', { ...closed, sealed: decrypted });
    await fixture.whenStable();
    expect(text(el, '#lifecycle-state')).toBe('The election is closed: no more ballots are accepted, and its results are final.');
  });

  it('asks for the token before the question that cannot be undone, and drops that error once a token is accepted', async () => {
    const tokens = TestBed.inject(AdminToken);
    tokens.clear();
    await render(secretElection({ phase: 'open' }));
    click(el, '#close-election');
    await fixture.whenStable();
    http.expectNone('/api/admin/check');
    expect(el.querySelector('#lifecycle-confirm-text')).toBeNull();
    expect(text(el, '#lifecycle-outcome')).toBe('This needs the admin token: enter it under Admin token at the top of this page.');

    tokens.set('tok');
    await fixture.whenStable();
    expect(el.querySelector('#lifecycle-outcome')).toBeNull();
    await askWithToken('#close-election');
    expect(text(el, '#lifecycle-confirm-text')).toContain('Close the election now?');
  });

  it('forgets a stored token the node refuses, and asks nothing', async () => {
    await render(secretElection({ phase: 'draft' }));
    click(el, '#open-election');
    await fixture.whenStable();
    http.expectOne('/api/admin/check').flush(...nodeError(401, 'invalid-admin-token', 'the admin token is not valid'));
    await fixture.whenStable();
    expect(el.querySelector('#lifecycle-confirm-text')).toBeNull();
    expect(text(el, '#lifecycle-outcome')).toBe(
      'The admin token was refused: enter the current one under Admin token at the top of this page.',
    );
    expect(TestBed.inject(AdminToken).present()).toBe(false);
    expect(sessionStorage.getItem('ballotchain.admin-token')).toBeNull();
  });

  it.each([
    [5, 3, '2', '2 voters have received a credential but have no ballot on the chain yet.'],
    [4, 3, '1', '1 voter has received a credential but has no ballot on the chain yet.'],
  ])('counts the credentials issued without a ballot (%i credentials, %i ballots)', async (credentials, ballots, count, sentence) => {
    await render(secretElection({ phase: 'open', roll_size: 10, credentials_issued: credentials, ballots_cast: ballots }));
    expect(text(el, '#turnout-unused')).toBe(count);
    const hint = text(el, '#turnout-unused-hint');
    expect(hint).toContain(sentence);
    expect(hint).toContain('They may have lost their browser, or not finished voting.');
  });

  it('says nothing of unused credentials when every credential has its ballot, or in an open election', async () => {
    await render(secretElection({ phase: 'open', roll_size: 10, credentials_issued: 3, ballots_cast: 3 }));
    expect(text(el, '#turnout-unused')).toBe('0');
    expect(el.querySelector('#turnout-unused-hint')).toBeNull();
    fixture.componentRef.setInput('election', electionInfo({ ballots_cast: 4 }));
    await fixture.whenStable();
    expect(el.querySelector('#turnout-unused')).toBeNull();
  });

  it.each([
    [nodeError(409, 'not-authority', 'no keys'), 'This node does not hold the election authority’s keys: use the authority node.'],
    [
      nodeError(401, 'admin-token-required', 'token needed'),
      'This needs the admin token: enter it under Admin token at the top of this page.',
    ],
    [
      nodeError(500, 'internal-error', 'internal error'),
      "Could not open the election: The node could not do it this time. Try again; if it keeps failing, the node's log says why.",
    ],
  ])('says why opening failed %#', async (reply, expected) => {
    await render(secretElection({ phase: 'draft' }));
    await askWithToken('#open-election');
    click(el, '#confirm-lifecycle');
    http.expectOne('/api/admin/open').flush(...reply);
    await fixture.whenStable();
    expect(text(el, '#lifecycle-outcome')).toBe(expected);
  });

  it('offers no lifecycle buttons on a node without the authority keys', async () => {
    await render(secretElection({ phase: 'draft', is_authority: false }));
    expect(el.querySelector('#open-election')).toBeNull();
    expect(el.textContent).toContain("does not hold the election authority's keys");
    expect(query(el, '#publish-record')).toBeTruthy();
  });

  it('shows no credential count for an open election without a roll', async () => {
    await render(electionInfo({ ballots_cast: 4 }));
    expect(el.querySelector('#turnout-credentials')).toBeNull();
    expect(text(el, '#turnout-ballots')).toBe('4');
  });

  it('downloads the election record as the node serves it', async () => {
    await render(secretElection({ phase: 'closed' }));
    click(el, '#publish-record');
    const req = http.expectOne('/api/record');
    expect(req.request.responseType).toBe('blob');
    const record = new Blob(['{"format":"ballotchain-record/1"}'], { type: 'application/json' });
    req.flush(record);
    await fixture.whenStable();
    expect(saved).toEqual([{ data: record, name: 'election-record.json' }]);
    expect(text(el, '#record-outcome')).toBe('Election record downloaded as election-record.json.');
  });

  it('says when the record could not be exported', async () => {
    await render(secretElection({ phase: 'open' }));
    click(el, '#publish-record');
    failNetwork(http.expectOne('/api/record'));
    await fixture.whenStable();
    expect(text(el, '#record-outcome')).toBe(
      'The record could not be exported: The node could not be reached. Check that it is running and try again.',
    );
    expect(saved).toEqual([]);
  });
});
