import type { HttpRequest } from '@angular/common/http';
import type { HttpTestingController, TestRequest } from '@angular/common/http/testing';
import { GiveUp, waitFor } from '../../support/wait';

type RequestMatch = string | { method?: string; url?: string } | ((req: HttpRequest<unknown>) => boolean);

/**
 * Waits until the component has sent the request (polling pages send their first one from an rxjs
 * timer, one macrotask after creation) and returns it. Fails with the open requests listed otherwise.
 */
export async function waitForRequest(http: HttpTestingController, match: RequestMatch): Promise<TestRequest> {
  const what = `a request matching ${JSON.stringify(match)}`;
  try {
    return await waitFor(
      () => {
        const found = http.match(match);
        if (found.length > 1) throw new GiveUp(`Expected one request for ${JSON.stringify(match)}, got ${found.length}`);
        return found[0];
      },
      { what, intervalMs: 5 },
    );
  } catch (e) {
    // verify() throws a message that lists every request still open.
    if (!(e instanceof GiveUp) && e instanceof Error) e.message += `; ${openRequests(http)}`;
    throw e;
  }
}

function openRequests(http: HttpTestingController): string {
  try {
    http.verify();
    return 'no request is open';
  } catch (e) {
    return e instanceof Error ? e.message : 'the open requests are unknown';
  }
}

/** A node error reply: `{ statusCode, error, message }` with the matching HTTP status. */
export function nodeError(
  status: number,
  error: string,
  message: string | string[],
): [body: object, opts: { status: number; statusText: string }] {
  return [
    { statusCode: status, error, message },
    { status, statusText: error },
  ];
}

/** What HttpClient reports when the node cannot be reached at all. */
export function failNetwork(req: TestRequest): void {
  req.error(new ProgressEvent('error'), { status: 0, statusText: 'Unknown Error' });
}
