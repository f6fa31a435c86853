import { InjectionToken } from '@angular/core';
import { EMPTY, type Observable, filter, first, map, startWith, switchMap, timer } from 'rxjs';
import { type ApiResult, toResult } from '../api/api-result';

/** How often live pages ask the node again. A token so tests can make it short. */
export const POLL_INTERVAL_MS = new InjectionToken<number>('POLL_INTERVAL_MS', { factory: () => 3000 });

/**
 * Asks now and then every `intervalMs`; a slow answer is dropped when the next tick comes (switchMap).
 * Each emission of `restart$` asks at once and restarts the clock.
 */
export function poll<T>(request: () => Observable<T>, intervalMs: number, restart$: Observable<unknown> = EMPTY): Observable<ApiResult<T>> {
  return restart$.pipe(
    startWith(null),
    switchMap(() => timer(0, intervalMs)),
    switchMap(() => request().pipe(toResult())),
  );
}

/**
 * Follows something that is about to change: asks every `intervalMs` (the caller has just had an answer, so
 * the first ask waits one interval) until an answer is `settled`, emits that answer and completes. A failed
 * ask is not an answer: a node briefly out of reach is asked again at the next tick.
 */
export function pollUntil<T>(request: () => Observable<T>, intervalMs: number, settled: (value: T) => boolean): Observable<T> {
  return timer(intervalMs, intervalMs).pipe(
    switchMap(() => request().pipe(toResult())),
    filter((result): result is { ok: true; value: T } => result.ok),
    map((result) => result.value),
    first(settled),
  );
}
