import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ElectionInfo } from '@api/http';
import { AdminPage } from '../../../client/app/admin/admin-page';
import { AdminToken, adminTokenInterceptor } from '../../../client/app/api/admin-token';
import { ElectionStore } from '../../../client/app/shared/election-store';
import { FileDownload } from '../../../client/app/shared/file-download';
import { click, query, text } from '../support/dom';
import { secretElection } from '../support/elections';
import { failNetwork } from '../support/http';

const CODES = 'voter_id,activation_code\nv-001,AAAA-1111\nv-002,BBBB-2222\nv-003,CCCC-3333\n';
const election: ElectionInfo = secretElection({ phase: 'draft', is_authority: true, roll_size: 3 });
const KEPT = { election_id: election.election_id, voters: 3, codes_csv: CODES };

/** Whether leaving the page now would make the browser ask first. */
function leavingAsks(): boolean {
  const event = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(event);
  return event.defaultPrevented;
}

/**
 * The codes of an election created on this page, still kept by the node: after a reload the page asks for
 * them (with the admin token) and offers them again until the official confirms they are stored.
 */
describe('AdminPage: activation codes the node still keeps', () => {
  let fixture: ComponentFixture<AdminPage>;
  let http: HttpTestingController;
  let el: HTMLElement;
  let saved: string[];

  function open(first: ElectionInfo, token: string | null = 'tok'): void {
    saved = [];
    if (token) sessionStorage.setItem('ballotchain.admin-token', token);
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([adminTokenInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
        { provide: FileDownload, useValue: { save: (_: Blob, name: string) => saved.push(name) } },
      ],
    });
    fixture = TestBed.createComponent(AdminPage);
    http = TestBed.inject(HttpTestingController);
    el = fixture.nativeElement as HTMLElement;
    http.expectOne('/api/election').flush(first);
    fixture.detectChanges();
  }

  afterEach(() => {
    fixture.destroy();
    http.verify({ ignoreCancelled: true });
    sessionStorage.clear();
  });

  it('offers them again after a reload, warns before leaving until they are confirmed, and goes once they are', () => {
    open(election);
    const req = http.expectOne({ method: 'GET', url: '/api/admin/activation-codes' });
    expect(req.request.headers.get('Authorization')).toBe('Bearer tok');
    req.flush(KEPT);
    fixture.detectChanges();

    expect(text(el, '#codes-kept')).toContain('have not been confirmed as stored yet');
    expect(text(el, '#codes-warning')).toContain('There are 3 activation codes');
    expect(leavingAsks()).toBe(true);
    expect(query<HTMLButtonElement>(el, '#dismiss-codes').disabled).toBe(true);
    click(el, '#download-codes');
    fixture.detectChanges();
    expect(saved).toEqual(['activation-codes.csv']);
    // Downloaded is not confirmed: the browser still asks.
    expect(leavingAsks()).toBe(true);

    click(el, '#dismiss-codes');
    http.expectOne({ method: 'DELETE', url: '/api/admin/activation-codes' }).flush(null, { status: 204, statusText: 'No Content' });
    fixture.detectChanges();
    expect(el.querySelector('#codes-warning')).toBeNull();
    expect(leavingAsks()).toBe(false);
  });

  it('shows nothing when the node keeps none, and asks once per election', () => {
    open(election);
    http.expectOne('/api/admin/activation-codes').flush(null, { status: 204, statusText: 'No Content' });
    fixture.detectChanges();
    expect(el.querySelector('#codes-warning')).toBeNull();
    expect(leavingAsks()).toBe(false);
    // Later news of the same election asks nothing more.
    TestBed.inject(ElectionStore).update({ ...election, height: 2, pending: 1 });
    fixture.detectChanges();
    http.expectNone('/api/admin/activation-codes');
  });

  it('asks again with the next news of the election when the node could not answer', () => {
    open(election);
    failNetwork(http.expectOne('/api/admin/activation-codes'));
    fixture.detectChanges();
    TestBed.inject(ElectionStore).update({ ...election, height: 2 });
    fixture.detectChanges();
    http.expectOne('/api/admin/activation-codes').flush(KEPT);
    fixture.detectChanges();
    expect(query(el, '#codes-kept')).toBeTruthy();
  });

  it('asks once a token is entered, not before', () => {
    open(election, null);
    http.expectNone('/api/admin/activation-codes');
    TestBed.inject(AdminToken).set('entered');
    fixture.detectChanges();
    const req = http.expectOne('/api/admin/activation-codes');
    expect(req.request.headers.get('Authorization')).toBe('Bearer entered');
    req.flush(KEPT);
    fixture.detectChanges();
    expect(query(el, '#download-codes')).toBeTruthy();
  });

  it('asks nothing of a node without the authority keys, or of an open election', () => {
    open(secretElection({ phase: 'draft', is_authority: false }));
    http.expectNone('/api/admin/activation-codes');
    fixture.destroy();
    TestBed.resetTestingModule();
    sessionStorage.clear();
    open(secretElection({ phase: 'draft', is_authority: true, scheme: 'open', sealed: null }));
    http.expectNone('/api/admin/activation-codes');
  });
});

describe('AdminPage on a node without an election', () => {
  let fixture: ComponentFixture<AdminPage>;
  let http: HttpTestingController;
  let el: HTMLElement;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([adminTokenInterceptor])), provideHttpClientTesting(), provideRouter([])],
    });
    fixture = TestBed.createComponent(AdminPage);
    http = TestBed.inject(HttpTestingController);
    el = fixture.nativeElement as HTMLElement;
  });

  afterEach(() => {
    fixture.destroy();
    http.verify({ ignoreCancelled: true });
  });

  it('says plainly that no election exists yet, and offers the create form', () => {
    http.expectOne('/api/election').flush({ phase: 'setup' });
    fixture.detectChanges();
    expect(text(el, '#no-election')).toBe(
      'No election exists on this node yet. Enter the admin token, then create the election with the form below.',
    );
    expect(query(el, '#create-election')).toBeTruthy();
    http.expectNone('/api/admin/activation-codes');
  });

  it('shows no raw HTTP error text when the election cannot be loaded', () => {
    // The answer of something between the browser and the node (a proxy), not the node's JSON.
    for (const req of http.match('/api/election'))
      req.flush('<html><body>Service Unavailable</body></html>', { status: 503, statusText: 'Service Unavailable' });
    fixture.detectChanges();
    const page = (el.textContent ?? '').replace(/\s+/g, ' ');
    expect(page).toContain('Could not load the election: The node could not do it this time.');
    expect(page).not.toMatch(/HTTP|503|Service Unavailable|http-|<html/i);
  });
});
