import type { Request } from 'express';

/**
 * /election and /results are also portal pages: a browser navigating there (asking for HTML first) gets the
 * portal, API clients JSON. Express's own reading of the Accept header.
 */
export function wantsPortal(req: Request): boolean {
  return req.accepts(['application/json', 'text/html']) === 'text/html';
}
