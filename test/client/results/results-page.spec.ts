import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { ResultsPage } from '../../../client/app/results/results-page';
import type { ResultsResponse } from '@api/http';
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
});
