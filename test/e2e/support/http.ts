import request, { type Response } from 'supertest';
import type { Block, Transaction } from '../../../protocol';
import type { ChainResponse, ErrorResponse } from '../../../api/http';
import { arrayContaining } from '../../support/matchers';

/** Every error reply: the given status, JSON, exactly `{ statusCode, error, message }`. */
export function expectError(res: Response, status: number, error: string, message?: string | RegExp | string[]): void {
  const summary = `${res.status} ${res.text?.slice(0, 300)}`;
  expect({ status: res.status, summary }).toEqual({ status, summary });
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.body as ErrorResponse;
  expect(Object.keys(body).sort()).toEqual(['error', 'message', 'statusCode']);
  expect(body.statusCode).toBe(status);
  expect(body.error).toBe(error);
  if (typeof message === 'string') expect(body.message).toBe(message);
  else if (message instanceof RegExp) expect(String(body.message)).toMatch(message);
  else if (Array.isArray(message)) expect(body.message).toEqual(arrayContaining(message));
}

/** A node as supertest reaches it: its URL, or its HTTP server in this process. */
export type Target = Parameters<typeof request>[0];

/** GET `path`, which must answer 200: the body, as the type the API gives it (api/http.ts). */
export async function getJson<T>(target: Target, path: string, headers: Record<string, string> = {}): Promise<T> {
  return (await request(target).get(path).set(headers).expect(200)).body as T;
}

/** The main chain the node serves (GET /chain). */
export async function chainOf(target: Target): Promise<Block[]> {
  return (await getJson<ChainResponse>(target, '/chain')).chain;
}

/** A refused request: `send` gets the given error reply, and the node at `url` keeps the pool and chain it had. */
export async function expectRefused(
  url: string,
  send: () => Promise<Response>,
  status: number,
  error: string,
  message?: string | RegExp,
): Promise<void> {
  const state = async () => ({ pending: await getJson<Transaction[]>(url, '/pending_tx'), chain: await chainOf(url) });
  const before = await state();
  expectError(await send(), status, error, message);
  expect(await state()).toEqual(before);
}

export const DEMO_PARTIES = ['Democratic Party', 'Republican Party', 'Socialist party'] as const;
export const BLOCK_KEYS = ['index', 'transactions', 'timestamp', 'previous_hash', 'nonce', 'hash', 'difficulty', 'merkle_root'];
export const BALLOT_KEYS = ['voter_id', 'party', 'timestamp'];
