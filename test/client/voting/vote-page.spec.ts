import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
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

  it('says the election is not open yet, disables voting and can check again', async () => {
    await load(secretElection({ phase: 'draft' }));
    expect(text(el, '#vote-phase')).toContain('The election is not open yet');
    expect(query<HTMLButtonElement>(el, '#request-credential').disabled).toBe(true);

    click(el, '#vote-phase button');
    await load(secretElection({ phase: 'open' }));
    expect(el.querySelector('#vote-phase')).toBeNull();
    expect(query<HTMLButtonElement>(el, '#request-credential').disabled).toBe(false);
  });

  it('says the election is closed and points to the results', async () => {
    await load(electionInfo({ phase: 'closed' }));
    expect(text(el, '#vote-phase')).toContain('The election is closed');
    expect(query(el, '#vote-phase a').getAttribute('href')).toBe('/results');
    expect(query<HTMLButtonElement>(el, '#cast-vote').disabled).toBe(true);
  });

  it('says when no election has been set up yet', async () => {
    await load({ phase: 'setup' });
    expect(text(el, '#vote-phase')).toBe('No election has been set up on this node yet.');
    expect(el.querySelector('form')).toBeNull();
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
