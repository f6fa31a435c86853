import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { json } from 'express';
import { ERROR_CODE_LOCAL } from './exception.filter';

/**
 * A block of 10 000 secret ballots is about 6 MB of JSON, one of 10 000 credential records (each with its
 * roll proof) up to about 20 MB; a voter roll of a million IDs about 15 MB. Only these routes take that much.
 */
export const BULK_BODY_LIMIT = '32mb';
/** Everything a voter or an operator sends is a few hundred bytes. */
export const SMALL_BODY_LIMIT = '64kb';
const LIMIT_BYTES = { bulk: 32 * 1024 * 1024, small: 64 * 1024 };
const BULK_ROUTES = new Set(['/add_block', '/api/gossip/ballots', '/api/admin/election']);
/** Deeper than any body this API defines; bounds the recursion of the validation that follows. */
const MAX_DEPTH = 32;

function send(res: Response, statusCode: number, error: string, message: string): void {
  res.locals[ERROR_CODE_LOCAL] = error;
  res.status(statusCode).json({ statusCode, error, message });
}

/** Keys that name JavaScript's object machinery: never a field of this API, refused outright. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * What is wrong with a parsed body's structure, walked with an explicit stack so a hostile body cannot
 * overflow ours: nesting deeper than MAX_DEPTH or a forbidden key. Null when it is fine.
 */
function structureProblem(value: unknown): string | null {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > MAX_DEPTH) return `request body is nested deeper than ${MAX_DEPTH} levels`;
    for (const [key, child] of Object.entries(node)) {
      if (FORBIDDEN_KEYS.has(key)) return `property ${key} should not exist`;
      stack.push([child, depth + 1]);
    }
  }
  return null;
}

/**
 * JSON bodies only: anything else is a clear 4xx before a controller sees it — 415 for another media type,
 * 400 for malformed or non-object JSON or absurd nesting, 413 past the route's size limit.
 */
export function jsonBodyOnly(): RequestHandler {
  const parsers = { bulk: json({ limit: LIMIT_BYTES.bulk }), small: json({ limit: LIMIT_BYTES.small }) };
  return (req: Request, res: Response, next: NextFunction) => {
    const hasBody = (req.headers['content-length'] ?? '0') !== '0' || req.headers['transfer-encoding'] !== undefined;
    if (!hasBody) return next();
    if (!req.is('application/json')) return send(res, 415, 'unsupported-media-type', 'send the body as application/json');
    const bulk = BULK_ROUTES.has(req.path);
    // A body announced past the limit is refused before it is read, and the connection closed, so the
    // sender's megabytes are never taken in (the parser would read them all before answering).
    if (Number(req.headers['content-length']) > LIMIT_BYTES[bulk ? 'bulk' : 'small']) {
      res.setHeader('connection', 'close');
      return send(res, 413, 'payload-too-large', `request body is larger than ${bulk ? BULK_BODY_LIMIT : SMALL_BODY_LIMIT}`);
    }
    const parse = bulk ? parsers.bulk : parsers.small;
    parse(req, res, (err?: { status?: number; type?: string; message?: string }) => {
      if (err) {
        const status = err.status ?? 400;
        if (err.type === 'entity.too.large')
          return send(res, 413, 'payload-too-large', `request body is larger than ${bulk ? BULK_BODY_LIMIT : SMALL_BODY_LIMIT}`);
        if (status === 415) return send(res, 415, 'unsupported-media-type', err.message ?? 'unsupported body encoding');
        return send(res, 400, 'bad-request', 'request body is not valid JSON');
      }
      if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
        return send(res, 400, 'bad-request', 'request body must be a JSON object');
      }
      const problem = structureProblem(req.body);
      if (problem) return send(res, 400, 'bad-request', problem);
      next();
    });
  };
}
