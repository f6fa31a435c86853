import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { AdminTokenPanel } from '../../../client/app/admin/admin-token-panel';
import { AdminToken, adminTokenInterceptor, isAdminRequest } from '../../../client/app/api/admin-token';
import { click, query, text, typeInto } from '../support/dom';
import { nodeError } from '../support/http';

const STORED = 'ballotchain.admin-token';

describe('admin token', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([adminTokenInterceptor])), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    sessionStorage.clear();
  });

  it.each([
    ['/api/admin/open', true],
    ['/api/admin/check', true],
    ['/mine', true],
    ['/mine?x=1', true],
    ['/register_with', true],
    ['/api/election', false],
    ['/api/sync', false],
    ['/miner', false],
    ['http://other-node:8001/api/admin/open', false],
    ['//other-node/mine', false],
  ])('%s is an admin request: %s', (url, expected) => {
    expect(isAdminRequest(url)).toBe(expected);
  });

  it('adds the stored token to admin requests only, never to other nodes', () => {
    TestBed.inject(AdminToken).set('s3cret');
    expect(sessionStorage.getItem(STORED)).toBe('s3cret');
    const client = TestBed.inject(HttpClient);
    client.get('/mine').subscribe();
    client.get('/api/results').subscribe();
    client.get('http://peer:8001/api/headers/3').subscribe();
    expect(http.expectOne('/mine').request.headers.get('Authorization')).toBe('Bearer s3cret');
    expect(http.expectOne('/api/results').request.headers.has('Authorization')).toBe(false);
    expect(http.expectOne('http://peer:8001/api/headers/3').request.headers.has('Authorization')).toBe(false);
  });

  it('keeps the token across a reload of the page (sessionStorage)', () => {
    sessionStorage.setItem(STORED, 'from-before');
    expect(TestBed.inject(AdminToken).token()).toBe('from-before');
  });

  it('checks a typed token with the node before keeping it', async () => {
    const fixture = TestBed.createComponent(AdminTokenPanel);
    const el = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    typeInto(el, '#admin-token', '  wrong ');
    click(el, '#admin-token-save');
    const refused = http.expectOne('/api/admin/check');
    expect(refused.request.headers.get('Authorization')).toBe('Bearer wrong');
    refused.flush(...nodeError(401, 'invalid-admin-token', 'invalid token'));
    await fixture.whenStable();
    expect(text(el, '#admin-token-outcome')).toMatch(
      /^This node does not accept that token\. It is the node's ADMIN_TOKEN or, .*data\/node-8000\/admin-token/,
    );
    expect(sessionStorage.getItem(STORED)).toBeNull();

    typeInto(el, '#admin-token', 'right');
    click(el, '#admin-token-save');
    http.expectOne('/api/admin/check').flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();
    expect(text(el, '#admin-token-outcome')).toBe('Token accepted by this node.');
    expect(sessionStorage.getItem(STORED)).toBe('right');
    expect(el.querySelector('#admin-token')).toBeNull();

    click(el, '#admin-token-forget');
    await fixture.whenStable();
    expect(sessionStorage.getItem(STORED)).toBeNull();
    expect(query(el, '#admin-token')).toBeTruthy();
  });

  it('names the file where a node started without ADMIN_TOKEN keeps its token', async () => {
    const fixture = TestBed.createComponent(AdminTokenPanel);
    const el = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
    const hint = text(el, '#admin-token-status');
    expect(hint).toContain("the node's ADMIN_TOKEN");
    expect(hint).toContain('the file admin-token in its data directory: data/node-8000/admin-token after npm start');
  });
});
