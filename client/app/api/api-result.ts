import { HttpErrorResponse } from '@angular/common/http';
import { type Observable, type OperatorFunction, catchError, map, of } from 'rxjs';
import type { ErrorResponse } from '@api/http';

/** What went wrong with a request, whether the node answered with an error or could not be reached. */
export interface ApiFailure {
  /** HTTP status; 0 when the node could not be reached at all. */
  status: number;
  /** The node's short reason code (`duplicate-voter`, `not-found`...), or `unreachable` / `http-<status>`. */
  error: string;
  /** A readable sentence: the node's own message when it sent one. */
  message: string;
}

/** Requests never error out of a subscription: failures become values the template can render. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; failure: ApiFailure };

const UNREACHABLE_MESSAGE = 'The node could not be reached. Check that it is running and try again.';

function isErrorResponse(body: unknown): body is ErrorResponse {
  if (typeof body !== 'object' || body === null) return false;
  const { error, message } = body as Partial<ErrorResponse>;
  return typeof error === 'string' && (typeof message === 'string' || Array.isArray(message));
}

export function toApiFailure(err: unknown): ApiFailure {
  if (!(err instanceof HttpErrorResponse)) {
    return { status: -1, error: 'client-error', message: err instanceof Error ? err.message : String(err) };
  }
  if (err.status === 0) return { status: 0, error: 'unreachable', message: UNREACHABLE_MESSAGE };
  const body: unknown = err.error;
  if (isErrorResponse(body)) {
    const message = Array.isArray(body.message) ? body.message.join('; ') : body.message;
    return { status: err.status, error: body.error, message };
  }
  const text = typeof body === 'string' && body.trim() !== '' ? body.trim() : err.statusText || err.message;
  return { status: err.status, error: `http-${err.status}`, message: text };
}

export function toResult<T>(): OperatorFunction<T, ApiResult<T>> {
  return (source: Observable<T>) =>
    source.pipe(
      map((value): ApiResult<T> => ({ ok: true, value })),
      catchError((err: unknown) => of<ApiResult<T>>({ ok: false, failure: toApiFailure(err) })),
    );
}

/** Fallback wording for failures a feature has no specific sentence for. */
export function describeFailure(failure: ApiFailure): string {
  if (failure.status === 0) return `Node unreachable: ${UNREACHABLE_MESSAGE}`;
  return `${failure.message} (HTTP ${failure.status}, ${failure.error})`;
}
