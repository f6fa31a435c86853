import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, type TestRequest, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { VoteForm } from '../../../client/app/voting/vote-form';
import type { BallotAccepted } from '@api/http';
import { choose, click, query, text, typeInto } from '../support/dom';
import { electionInfo } from '../support/elections';
import { failNetwork, nodeError } from '../support/http';

const election = electionInfo({ scheme: 'open', phase: 'open' });

describe('VoteForm', () => {
  let fixture: ComponentFixture<VoteForm>;
  let http: HttpTestingController;
  let el: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    fixture = TestBed.createComponent(VoteForm);
    http = TestBed.inject(HttpTestingController);
    el = fixture.nativeElement as HTMLElement;
    http.expectOne('/api/election').flush(election);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  async function castVote(voterId: string, party: string): Promise<TestRequest> {
    typeInto(el, '#voter-id', voterId);
    choose(el, '#party', party);
    click(el, '#cast-vote');
    await fixture.whenStable();
    return http.expectOne({ method: 'POST', url: '/new_transaction' });
  }

  async function answer(req: TestRequest, body: object, opts: { status: number; statusText: string }) {
    req.flush(body, opts);
    await fixture.whenStable();
  }

  it('offers exactly the election parties, none preselected', () => {
    const select = query<HTMLSelectElement>(el, '#party');
    expect(Array.from(select.options).map((o) => o.value)).toEqual(['Red', 'Green', 'Blue']);
    expect(select.selectedIndex).toBe(-1);
    expect(query(el, 'label[for="voter-id"]')).toBeTruthy();
    expect(query(el, 'label[for="party"]')).toBeTruthy();
  });

  it('posts the ballot, disables the button meanwhile and shows success on 201', async () => {
    const req = await castVote('alice-01', 'Green');
    expect(req.request.body).toEqual({ voter_id: 'alice-01', party: 'Green' });
    expect(query<HTMLButtonElement>(el, '#cast-vote').disabled).toBe(true);
    expect(el.querySelector('#vote-outcome')).toBeNull();

    const accepted: BallotAccepted = {
      message: 'Transaction will be added to Block 3',
      ballot: { voter_id: 'alice-01', party: 'Green', timestamp: 1_764_000_000 },
    };
    await answer(req, accepted, { status: 201, statusText: 'Created' });

    const outcome = query(el, '#vote-outcome');
    expect(outcome.classList).toContain('success');
    expect(text(el, '#vote-outcome')).toContain('Ballot accepted');
    expect(text(el, '#vote-outcome')).toContain('Green');
    expect(query<HTMLButtonElement>(el, '#cast-vote').disabled).toBe(false);
    expect(outcome.closest('[aria-live="polite"]')).not.toBeNull();
  });

  it('does not claim success when the node answers 200 instead of 201', async () => {
    const req = await castVote('alice-01', 'Green');
    await answer(req, { message: 'ok', ballot: { voter_id: 'alice-01', party: 'Green', timestamp: 1 } }, { status: 200, statusText: 'OK' });
    expect(query(el, '#vote-outcome').classList).toContain('error');
    expect(text(el, '#vote-outcome')).not.toContain('accepted');
    expect(text(el, '#vote-outcome')).toContain('HTTP 200');
  });

  it('says the voter already voted on 409 duplicate-voter', async () => {
    const req = await castVote('bob', 'Red');
    await answer(req, ...nodeError(409, 'duplicate-voter', 'Voter bob has already voted'));
    expect(query(el, '#vote-outcome').classList).toContain('error');
    expect(text(el, '#vote-outcome')).toContain('Already voted');
  });

  it('says the voter is not on the roll on 422 not-on-roll', async () => {
    const req = await castVote('mallory', 'Red');
    await answer(req, ...nodeError(422, 'not-on-roll', 'Voter mallory is not on the roll'));
    expect(query(el, '#vote-outcome').classList).toContain('error');
    expect(text(el, '#vote-outcome')).toContain('not on the election roll');
    expect(text(el, '#vote-outcome')).not.toContain('Unknown party');
  });

  it('says the party is unknown on 422 unknown-party', async () => {
    const req = await castVote('carol', 'Blue');
    await answer(req, ...nodeError(422, 'unknown-party', 'Unknown party Blue'));
    expect(text(el, '#vote-outcome')).toContain('Unknown party');
  });

  it("shows the node's own validation message on 400", async () => {
    const req = await castVote('carol', 'Blue');
    await answer(req, ...nodeError(400, 'bad-request', ['voter_id must be a well-formed voter ID']));
    expect(query(el, '#vote-outcome').classList).toContain('error');
    expect(text(el, '#vote-outcome')).toBe('Invalid input: voter_id must be a well-formed voter ID');
  });

  it('says the node is unreachable on a network failure (status 0)', async () => {
    const req = await castVote('dave', 'Red');
    failNetwork(req);
    await fixture.whenStable();
    expect(query(el, '#vote-outcome').classList).toContain('error');
    expect(text(el, '#vote-outcome')).toContain('Node unreachable');
    expect(query<HTMLButtonElement>(el, '#cast-vote').disabled).toBe(false);
  });

  it.each([' VOID008 ', 'void007', '\u00a0Void009\t'])(
    'takes %j as a voter ID: spaces around it dropped, the case left to the node',
    async (typed) => {
      const req = await castVote(typed, 'Red');
      expect(req.request.body).toEqual({ voter_id: typed.trim(), party: 'Red' });
      await answer(
        req,
        { message: 'ok', ballot: { voter_id: typed.trim().toUpperCase(), party: 'Red', timestamp: 1 } },
        { status: 201, statusText: 'Created' },
      );
      expect(text(el, '#vote-outcome')).toContain('Ballot accepted');
    },
  );

  it('validates the voter ID and the party before sending anything', async () => {
    typeInto(el, '#voter-id', 'has space');
    click(el, '#cast-vote');
    await fixture.whenStable();
    http.expectNone('/new_transaction');
    expect(text(el, '#voter-id-error')).toContain('may only contain');
    expect(text(el, '#party-error')).toContain('Choose a party');
    expect(query(el, '#voter-id').getAttribute('aria-invalid')).toBe('true');

    typeInto(el, '#voter-id', 'x'.repeat(65));
    await fixture.whenStable();
    expect(text(el, '#voter-id-error')).toContain('too long');

    // Spaces around an ID are dropped before its length is counted, not inside it.
    typeInto(el, '#voter-id', ` ${'x'.repeat(64)} `);
    await fixture.whenStable();
    expect(text(el, '#voter-id-error')).toBe('');
    typeInto(el, '#voter-id', 'has space');
    await fixture.whenStable();
    expect(text(el, '#voter-id-error')).toContain('may only contain');

    typeInto(el, '#voter-id', '');
    await fixture.whenStable();
    expect(text(el, '#voter-id-error')).toContain('Enter your voter ID');
  });
});

describe('VoteForm outside the voting period', () => {
  it.each(['draft', 'closed'] as const)('sends nothing while the election is %s', async (phase) => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    const fixture = TestBed.createComponent(VoteForm);
    const http = TestBed.inject(HttpTestingController);
    http.expectOne('/api/election').flush(electionInfo({ phase }));
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    typeInto(el, '#voter-id', 'alice-01');
    choose(el, '#party', 'Red');
    expect(query<HTMLButtonElement>(el, '#cast-vote').disabled).toBe(true);
    query<HTMLFormElement>(el, 'form').dispatchEvent(new Event('submit'));
    await fixture.whenStable();
    http.expectNone('/new_transaction');
    http.verify();
  });
});
