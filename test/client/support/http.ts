import type { HttpRequest } from '@angular/common/http';
import type { HttpTestingController, TestRequest } from '@angular/common/http/testing';

type RequestMatch = string | { method?: string; url?: string } | ((req: HttpRequest<unknown>) => boolean);

/**
 * Waits until the component has sent the request (polling pages send their first one from an rxjs
 * timer, one macrotask after creation) and returns it. Fails with the open requests listed otherwise.
 */
export async function waitForRequest(http: HttpTestingController, match: RequestMatch): Promise<TestRequest> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const found = http.match(match);
    if (found.length > 1) throw new Error(`Expected one request for ${JSON.stringify(match)}, got ${found.length}`);
    if (found.length === 1) return found[0];
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`No request matching ${JSON.stringify(match)} was sent`);
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
