import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { ResultsPage } from '../../../client/app/results/results-page';
import type { ResultsResponse, SealedResultInfo } from '@api/http';
import { query, text } from '../support/dom';
import { failNetwork } from '../support/http';

const first: ResultsResponse = {
  height: 4,
  tip: '00ab' + 'c'.repeat(60),
  tally: [
    { party: 'Red', votes: 3 },
    { party: 'Green', votes: 1 },
    { party: 'Blue', votes: 0 },
  ],
  total: 4,
  pending: 2,
  phase: 'open',
  final: false,
  tally_digest: 'd1'.padEnd(64, 'f'),
};

/** A secret election's results: sealed, so no count exists until its trustees have decrypted the total. */
function sealedResults(sealed: Partial<SealedResultInfo>, overrides: Partial<ResultsResponse> = {}): ResultsResponse {
  return {
    ...first,
    tally: [],
    total: 0,
    sealed: {
      state: 'sealed',
      ballots: 4,
      credentials: 5,
      decrypted_by: [],
      threshold: 2,
      quorum: [],
      blank: null,
      detail: null,
      ...sealed,
    },
    ...overrides,
  };
}

/**
 * Fake timers drive the real 3 s polling clock; the fixture is checked with detectChanges because
 * whenStable would wait on Angular's own (faked) scheduling timers.
 */
describe('ResultsPage', () => {
  let fixture: ComponentFixture<ResultsPage>;
  let http: HttpTestingController;
  let el: HTMLElement;

  beforeEach(() => {
    jest.useFakeTimers();
    // jsdom has no canvas: getContext would log "not implemented"; return what a canvas-less browser returns.
    jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    fixture = TestBed.createComponent(ResultsPage);
    http = TestBed.inject(HttpTestingController);
    el = fixture.nativeElement as HTMLElement;
  });

  afterEach(() => {
    fixture.destroy();
    http.verify({ ignoreCancelled: true });
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  function tick(ms: number): void {
    jest.advanceTimersByTime(ms);
    fixture.detectChanges();
  }

  function voteCell(party: string): string {
    return text(el, `#results-table tr[data-party="${party}"] td.votes`);
  }

  it('renders one table row per party with its votes, the total, height and pending count', () => {
    tick(0);
    http.expectOne('/api/results').flush(first);
    fixture.detectChanges();

    const rows = el.querySelectorAll('#results-table tbody tr[data-party]');
    expect(Array.from(rows).map((r) => r.getAttribute('data-party'))).toEqual(['Red', 'Green', 'Blue']);
    expect(voteCell('Red')).toBe('3');
    expect(voteCell('Green')).toBe('1');
    expect(voteCell('Blue')).toBe('0');
    expect(text(el, '#results-total')).toBe('4');
    expect(text(el, '#results-pending')).toBe('2');
    expect(text(el, '#results-height')).toBe('4');
    expect(text(el, '#results-table tr[data-party="Red"] td.share')).toBe('75.0%');

    const canvas = query(el, 'canvas#results-chart');
    expect(canvas.getAttribute('aria-label')).toBe('Votes per party: Red 3 votes, Green 1 vote, Blue 0 votes');
  });

  it('says the numbers are provisional while the election runs, and shows the height and digest they cover', () => {
    tick(0);
    http.expectOne('/api/results').flush(first);
    fixture.detectChanges();
    expect(text(el, '#results-final')).toBe('Provisional — the election is open. The count covers the blocks up to height 4.');
    expect(query(el, '#results-final').classList).toContain('info');
    expect(text(el, '#results-digest')).toBe(first.tally_digest);
  });

  it('says "Final results" once the election is closed', () => {
    tick(0);
    http.expectOne('/api/results').flush({ ...first, phase: 'closed', final: true });
    fixture.detectChanges();
    expect(text(el, '#results-final')).toMatch(/^Final results/);
    expect(query(el, '#results-final').classList).toContain('success');
  });

  it('asks again every 3 seconds and shows the new numbers without a reload', () => {
    tick(0);
    http.expectOne('/api/results').flush(first);
    fixture.detectChanges();

    tick(2999);
    http.expectNone('/api/results');

    tick(1);
    http.expectOne('/api/results').flush({
      ...first,
      height: 5,
      tally: [
        { party: 'Red', votes: 3 },
        { party: 'Green', votes: 3 },
        { party: 'Blue', votes: 0 },
      ],
      total: 6,
      pending: 0,
    });
    fixture.detectChanges();
    expect(voteCell('Green')).toBe('3');
    expect(text(el, '#results-total')).toBe('6');
    expect(text(el, '#results-pending')).toBe('0');
  });

  it('keeps the last numbers and says so when a refresh fails', () => {
    tick(0);
    http.expectOne('/api/results').flush(first);
    tick(3000);
    failNetwork(http.expectOne('/api/results'));
    fixture.detectChanges();

    expect(text(el, '.notice.error')).toContain('Node unreachable');
    expect(text(el, '.notice.error')).toContain('may be out of date');
    expect(voteCell('Red')).toBe('3');
  });

  it('stops polling when the page is left', () => {
    tick(0);
    http.expectOne('/api/results').flush(first);
    fixture.destroy();
    jest.advanceTimersByTime(10_000);
    http.expectNone('/api/results');
  });
  describe('of a secret election', () => {
    function show(results: ResultsResponse): void {
      tick(0);
      http.expectOne('/api/results').flush(results);
      fixture.detectChanges();
    }

    it('shows the turnout and no per-party figure while the choices are sealed', () => {
      show(sealedResults({}));
      expect(text(el, '#results-sealed')).toBe(
        'The choices are sealed: every ballot is encrypted, and no count exists until the election is closed and the trustees decrypt ' +
          'the total (2 of them are needed). 4 ballots cast with 5 credentials issued so far.',
      );
      expect(text(el, '#results-final')).toBe('No per-party figure exists yet: the election is open.');
      expect(el.querySelector('#results-table')).toBeNull();
      expect(el.querySelector('#results-chart')).toBeNull();
    });

    it('says how far the decryption is after the close, still without a figure', () => {
      show(sealedResults({ state: 'decrypting', decrypted_by: [3] }, { phase: 'closed' }));
      expect(text(el, '#results-sealed')).toBe(
        'The election is closed. The total is being decrypted: 1 of the 2 trustees needed have posted their part (trustee 3).',
      );
      expect(text(el, '#results-final')).toBe('No per-party figure exists yet: the election is closed.');
      expect(el.querySelector('#results-table')).toBeNull();
    });

    it('shows the decrypted counts as final, with the blank votes', () => {
      show(
        sealedResults(
          { state: 'decrypted', quorum: [1, 3], blank: 1, ballots: 5 },
          { phase: 'closed', final: true, tally: first.tally, total: 5 },
        ),
      );
      expect(text(el, '#results-sealed')).toBe('Decrypted by trustees 1, 3 with proofs every node checked. 5 ballots, of which 1 blank.');
      expect(text(el, '#results-final')).toMatch(/^Final results/);
      expect(voteCell('Red')).toBe('3');
      expect(text(el, '#results-total')).toBe('5');
    });

    it('says so when no ballot was cast', () => {
      show(
        sealedResults(
          { state: 'decrypted', ballots: 0, credentials: 0 },
          { phase: 'closed', final: true, tally: first.tally.map((t) => ({ ...t, votes: 0 })) },
        ),
      );
      expect(text(el, '#results-sealed')).toBe('No ballot was cast, so there was nothing to decrypt.');
      expect(voteCell('Red')).toBe('0');
    });

    it('says what is wrong when the total does not decrypt to a count', () => {
      show(sealedResults({ state: 'undecryptable', detail: 'option 1 does not decrypt to a count of at most 4' }, { phase: 'closed' }));
      expect(text(el, '#results-sealed')).toBe(
        'The decrypted total is not a count of ballots: option 1 does not decrypt to a count of at most 4',
      );
      expect(el.querySelector('#results-table')).toBeNull();
    });
  });
});
