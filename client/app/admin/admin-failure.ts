import type { ApiFailure } from '../api/api-result';

/**
 * A failure in words for an official: the node's own sentence when it sent one, never the raw text of an
 * HTTP error (a status line, a proxy's HTML page, a reason code).
 */
export function adminFailureText(failure: ApiFailure): string {
  if (failure.status === 0) {
    return $localize`:@@admin.failure.unreachable:The node could not be reached. Check that it is running and try again.`;
  }
  if (failure.status === 429) {
    return $localize`:@@admin.failure.tooMany:The node asks to wait a little before trying again.`;
  }
  // The node's JSON errors carry a sentence of their own; anything else came from elsewhere (a proxy, the
  // network), and an internal error's details are only in the node's log.
  const fromNode = failure.status > 0 && !failure.error.startsWith('http-') && failure.error !== 'internal-error';
  if (fromNode && failure.message.trim() !== '') return failure.message;
  return $localize`:@@admin.failure.unexpected:The node could not do it this time. Try again; if it keeps failing, the node's log says why.`;
}
