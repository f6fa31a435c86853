import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { ElectionStore } from '../../../client/app/shared/election-store';
import { VotePage } from '../../../client/app/voting/vote-page';
import { WEB_CRYPTO_AVAILABLE } from '../../../client/app/voting/web-crypto';
import { click, query, text } from '../support/dom';
import { electionInfo, secretElection } from '../support/elections';
import { failNetwork } from '../support/http';

describe('VotePage', () => {
  let fixture: ComponentFixture<VotePage>;
  let http: HttpTestingController;
  let el: HTMLElement;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([]),
        // jsdom has no crypto.subtle; real browsers have it on https and localhost.
        { provide: WEB_CRYPTO_AVAILABLE, useValue: true },
      ],
    });
    fixture = TestBed.createComponent(VotePage);
    http = TestBed.inject(HttpTestingController);
    el = fixture.nativeElement as HTMLElement;
  });

  afterEach(() => http.verify());

  async function load(body: object): Promise<void> {
    http.expectOne('/api/election').flush(body);
    await fixture.whenStable();
  }

  it('shows the open-scheme form for an open election', async () => {
    await load(electionInfo({ scheme: 'open' }));
    expect(query<HTMLSelectElement>(el, '#party').options).toHaveLength(3);
    expect(el.querySelector('#activation-code')).toBeNull();
    expect(el.querySelector('#vote-phase')).toBeNull();
  });

  it('asks for the voter ID and activation code in a secret election', async () => {
    await load(secretElection());
    expect(query(el, '#voter-id')).toBeTruthy();
    expect(query(el, '#activation-code')).toBeTruthy();
    expect(el.querySelector('#party')).toBeNull();
    expect(text(el, '#vote-step')).toBe('Step 1 of 3: identify yourself');
  });

  it.each([
    ['secret', secretElection({ phase: 'draft' })],
    ['open', electionInfo({ phase: 'draft' })],
  ])('says a %s election is not open yet, offers no form, and can check again', async (_scheme, draft) => {
    await load(draft);
    expect(text(el, '#vote-phase')).toContain('The election is not open yet');
    expect(el.querySelector('form')).toBeNull();
    expect(el.querySelector('#voter-id')).toBeNull();

    click(el, '#vote-phase button');
    await load(secretElection({ phase: 'open' }));
    expect(el.querySelector('#vote-phase')).toBeNull();
    expect(query<HTMLButtonElement>(el, '#request-credential').disabled).toBe(false);
  });

  it.each([
    ['secret', secretElection({ phase: 'closed' })],
    ['open', electionInfo({ phase: 'closed' })],
  ])('says a %s election is closed, links to the results and the Verify page, and offers no form', async (_scheme, closed) => {
    await load(closed);
    expect(text(el, '#vote-phase')).toContain('The election is closed: no more ballots are accepted.');
    const links = Array.from(el.querySelectorAll('#vote-phase a')).map((a) => a.getAttribute('href'));
    expect(links).toEqual(['/results', '/verify']);
    // Nothing to fill in and nothing greyed out: there is nothing left to do here.
    expect(el.querySelector('form')).toBeNull();
    expect(el.querySelector('input, select, textarea')).toBeNull();
    expect(el.querySelector('#request-credential, #cast-vote')).toBeNull();
  });

  it('takes the form away when the election closes while the page is open', async () => {
    await load(secretElection());
    expect(el.querySelector('#voter-id')).not.toBeNull();
    TestBed.inject(ElectionStore).update(secretElection({ phase: 'closed' }));
    await fixture.whenStable();
    expect(el.querySelector('#voter-id')).toBeNull();
    expect(text(el, '#vote-phase')).toContain('The election is closed');
  });

  it('says plainly when no election exists yet', async () => {
    await load({ phase: 'setup' });
    expect(text(el, '#vote-phase')).toBe(
      'No election exists on this node yet, so there is nothing to vote on. Once the election authority has created it, the vote page offers it here.',
    );
    expect(el.querySelector('form')).toBeNull();
    expect(el.querySelector('#election-load-error')).toBeNull();
  });

  it.each([
    [404, 'not-found', 'Cannot GET /api/election'],
    [503, 'no-election', 'This node has no election yet'],
  ])('says no election exists when the node answers %i %s, not its raw message', async (status, error, message) => {
    http.expectOne('/api/election').flush({ statusCode: status, error, message }, { status, statusText: 'Not there' });
    await fixture.whenStable();
    expect(text(el, '#election-load-error')).toContain('No election exists on this node yet, so there is nothing to vote on.');
    expect(text(el, '#election-load-error')).not.toContain(message);
    expect(text(el, '#election-load-error')).not.toMatch(/HTTP|Cannot GET/);
  });

  it('explains that the election could not be loaded and offers a retry', async () => {
    failNetwork(http.expectOne('/api/election'));
    await fixture.whenStable();
    expect(text(el, '#election-load-error')).toContain('Could not load the election');

    click(el, '#election-load-error button');
    await load(electionInfo());
    expect(el.querySelector('#election-load-error')).toBeNull();
    expect(query<HTMLSelectElement>(el, '#party').options).toHaveLength(3);
  });
});
