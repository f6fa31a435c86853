import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { ResultsPage } from '../../../client/app/results/results-page';
import type { ResultsExport } from '../../../api/http';
import { ElectionStore } from '../../../client/app/shared/election-store';
import type { ResultsResponse, SealedResultInfo } from '@api/http';
import { query, text } from '../support/dom';
import { electionInfo } from '../support/elections';
import { failNetwork, nodeError } from '../support/http';

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
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    // The shell has loaded the election by the time the page opens.
    TestBed.inject(ElectionStore);
    http.expectOne('/api/election').flush(electionInfo());
    fixture = TestBed.createComponent(ResultsPage);
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
    const label = canvas.getAttribute('aria-labelledby')!;
    expect(text(el, `#${label}`)).toBe('Votes per party: Red 3 votes, Green 1 vote, Blue 0 votes');
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

    expect(text(el, '.notice.error')).toBe(
      'The results could not be refreshed: this node could not be reached. The numbers below may be out of date.',
    );
    expect(voteCell('Red')).toBe('3');
  });

  it('words a node error without HTTP codes', () => {
    tick(0);
    http.expectOne('/api/results').flush(...nodeError(500, 'internal-error', 'internal error'));
    fixture.detectChanges();
    expect(text(el, '.notice.error')).toBe('The results could not be refreshed: this node answered with an error (internal error).');
  });

  it('keeps the digest apart from the sentence that explains it', () => {
    tick(0);
    http.expectOne('/api/results').flush(first);
    fixture.detectChanges();
    const digest = query(el, '#results-digest');
    expect(digest.textContent).toBe(first.tally_digest);
    // A block of its own, which the digest's description points to.
    const hint = query(el, `#${digest.getAttribute('aria-describedby')}`);
    expect(hint.tagName).toBe('P');
    expect(hint.textContent.trim()).toBe('Equal digests at equal heights mean equal counts on every node.');
  });

  it('offers no download while the count can still change', () => {
    tick(0);
    http.expectOne('/api/results').flush(first);
    fixture.detectChanges();
    expect(el.querySelector('#results-downloads')).toBeNull();
    http.expectNone('/api/results.json');
  });

  it('after the final result, links the CSV and JSON files and shows where the proofs are', () => {
    const final: ResultsResponse = sealedResults(
      { state: 'decrypted', quorum: [1, 3], decrypted_by: [1, 3], ballots: 4 },
      { phase: 'closed', final: true, tally: first.tally, total: 4, height: 9, tip: '00' + '9'.repeat(62) },
    );
    tick(0);
    http.expectOne('/api/results').flush(final);
    fixture.detectChanges();
    expect(query<HTMLAnchorElement>(el, '#results-download-csv').getAttribute('href')).toBe('/api/results.csv');
    expect(query<HTMLAnchorElement>(el, '#results-download-json').getAttribute('href')).toBe('/api/results.json');
    expect(query(el, '#results-download-csv').hasAttribute('download')).toBe(true);

    const exported: ResultsExport = {
      format: 'ballotchain-results/1',
      election_id: 'e1'.padEnd(64, '0'),
      title: 'Board election 2026',
      scheme: 'secret',
      tally: first.tally,
      blank: null,
      total: 4,
      counted_at: { height: 9, hash: final.tip },
      tally_digest: final.tally_digest,
      close: { height: 6, hash: '00' + '6'.repeat(62), position: 0 },
      decryptions: [
        { trustee: 1, height: 7, hash: '00' + '7'.repeat(62), position: 0 },
        { trustee: 3, height: 8, hash: '00' + '8'.repeat(62), position: 1 },
      ],
      quorum: [1, 3],
      verify: {
        node: 'npm run verify -- --node http://node-a:8000 --election ' + 'e1'.padEnd(64, '0'),
        record: 'npm run verify -- --record election-record.json --election ' + 'e1'.padEnd(64, '0'),
        record_url: 'http://node-a:8000/api/record',
      },
    };
    http.expectOne('/api/results.json').flush(exported);
    fixture.detectChanges();
    expect(text(el, '#results-proofs [data-proof="close"] dt')).toBe('Election closed');
    expect(text(el, '#results-proofs [data-proof="close"] dd')).toBe(`Block #6 ${exported.close.hash}`);
    expect(text(el, '#results-proofs [data-trustee="3"] dt')).toBe('Partial decryption by trustee 3');
    expect(text(el, '#results-proofs [data-trustee="3"] dd')).toBe(`Block #8 ${'00' + '8'.repeat(62)}`);
    expect(text(el, '#results-proofs [data-proof="counted-at"] dd')).toBe(`Block #9 ${final.tip}`);
    expect(el.querySelectorAll('#results-proofs [data-proof="decryption"]')).toHaveLength(2);
    expect(text(el, '#results-verify-command')).toBe(exported.verify.node);

    // The next poll at the same height asks for nothing more.
    tick(3000);
    http.expectOne('/api/results').flush(final);
    fixture.detectChanges();
    http.expectNone('/api/results.json');
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
        'The election is closed. The total is being decrypted: 1 of the 2 trustees needed has posted its part (trustee 3).',
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

    it('counts one ballot and one credential in the singular', () => {
      show(sealedResults({ ballots: 1, credentials: 1 }));
      expect(text(el, '#results-sealed')).toMatch(/ 1 ballot cast with 1 credential issued so far\.$/);
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

describe('ResultsPage on a node without an election', () => {
  let fixture: ComponentFixture<ResultsPage>;
  let http: HttpTestingController;
  let el: HTMLElement;

  beforeEach(() => {
    jest.useFakeTimers();
    jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    fixture.destroy();
    http.verify({ ignoreCancelled: true });
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  function open(): void {
    fixture = TestBed.createComponent(ResultsPage);
    el = fixture.nativeElement as HTMLElement;
  }

  function tick(ms: number): void {
    jest.advanceTimersByTime(ms);
    fixture.detectChanges();
  }

  it('says plainly that no election exists yet, asks for no results, and comes alive once the election is created', () => {
    TestBed.inject(ElectionStore);
    http.expectOne('/api/election').flush({ phase: 'setup' });
    open();
    tick(0);
    http.expectOne('/api/election').flush({ phase: 'setup' });
    fixture.detectChanges();
    expect(text(el, '#results-no-election')).toContain('This node has no election yet, so there are no results.');
    expect(el.textContent).not.toMatch(/HTTP|Cannot GET|Loading/);
    http.expectNone('/api/results');

    tick(3000);
    http.expectOne('/api/election').flush(electionInfo({ phase: 'draft' }));
    http.expectOne('/api/results').flush({ ...first, phase: 'draft', tally: first.tally.map((t) => ({ ...t, votes: 0 })), total: 0 });
    fixture.detectChanges();
    expect(el.querySelector('#results-no-election')).toBeNull();
    expect(text(el, '#results-final')).toBe('Provisional — the election has not opened. The count covers the blocks up to height 4.');
  });

  it('takes a 404 for the results as "no election yet", never as an error to show', () => {
    open();
    // The page opened before the shell's first answer: it asks for the election itself.
    tick(0);
    const asked = http.match('/api/election');
    expect(asked.length).toBe(2);
    asked[1].flush(electionInfo());
    http.expectOne('/api/results').flush(...nodeError(404, 'not-found', 'Cannot GET /api/results'));
    asked[0].flush(electionInfo());
    fixture.detectChanges();
    expect(el.querySelector('#results-no-election')).not.toBeNull();
    expect(el.querySelector('.notice.error')).toBeNull();
    expect(el.textContent).not.toMatch(/HTTP|Cannot GET/);
  });
});
