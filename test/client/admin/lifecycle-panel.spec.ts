import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { LifecyclePanel } from '../../../client/app/admin/lifecycle-panel';
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

  it('opens a draft election after confirmation, with the admin token', async () => {
    await render(secretElection({ phase: 'draft' }));
    expect(el.querySelector('#close-election')).toBeNull();
    click(el, '#open-election');
    await fixture.whenStable();
    expect(text(el, '#lifecycle-confirm-text')).toContain('Open the election now?');
    http.expectNone('/api/admin/open');

    click(el, '#cancel-lifecycle');
    await fixture.whenStable();
    expect(el.querySelector('#confirm-lifecycle')).toBeNull();

    click(el, '#open-election');
    await fixture.whenStable();
    click(el, '#confirm-lifecycle');
    const req = http.expectOne({ method: 'POST', url: '/api/admin/open' });
    expect(req.request.headers.get('Authorization')).toBe('Bearer tok');
    const opened = secretElection({ phase: 'open' });
    req.flush(opened);
    fixture.componentRef.setInput('election', opened);
    await fixture.whenStable();

    expect(text(el, '#lifecycle-outcome')).toBe('The election is open: voters can cast their ballots.');
    expect(TestBed.inject(ElectionStore).election()?.phase).toBe('open');
    expect(changes).toBe(1);
    expect(query(el, '#close-election')).toBeTruthy();
  });

  it('closes an open election and explains a refusal', async () => {
    await render(secretElection({ phase: 'open' }));
    click(el, '#close-election');
    await fixture.whenStable();
    expect(text(el, '#lifecycle-confirm-text')).toContain('results become final');
    click(el, '#confirm-lifecycle');
    http
      .expectOne({ method: 'POST', url: '/api/admin/close' })
      .flush(...nodeError(409, 'lifecycle-out-of-order', 'cannot close an election that is closed'));
    await fixture.whenStable();
    expect(text(el, '#lifecycle-outcome')).toBe('Not possible in this phase: cannot close an election that is closed');
    expect(changes).toBe(1);
  });

  it.each([
    [nodeError(409, 'not-authority', 'no keys'), 'This node does not hold the election authority’s keys: use the authority node.'],
    [nodeError(401, 'admin-token-required', 'token needed'), 'This needs the admin token: enter it at the top of this page.'],
  ])('says why opening failed %#', async (reply, expected) => {
    await render(secretElection({ phase: 'draft' }));
    click(el, '#open-election');
    await fixture.whenStable();
    click(el, '#confirm-lifecycle');
    http.expectOne('/api/admin/open').flush(...reply);
    await fixture.whenStable();
    expect(text(el, '#lifecycle-outcome')).toBe(expected);
  });

  it('offers no lifecycle buttons on a node without the authority keys', async () => {
    await render(secretElection({ phase: 'draft', is_authority: false }));
    expect(el.querySelector('#open-election')).toBeNull();
    expect(text(el, '#lifecycle-heading + dl + p')).toContain("does not hold the election authority's keys");
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
    expect(text(el, '#record-outcome')).toMatch(/^The record could not be exported: Node unreachable/);
    expect(saved).toEqual([]);
  });
});
