import request, { type Response } from 'supertest';

/** Every error reply: the given status, JSON, exactly `{ statusCode, error, message }`. */
export function expectError(res: Response, status: number, error: string, message?: string | RegExp | string[]): void {
  const summary = `${res.status} ${res.text?.slice(0, 300)}`;
  expect({ status: res.status, summary }).toEqual({ status, summary });
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(Object.keys(res.body).sort()).toEqual(['error', 'message', 'statusCode']);
  expect(res.body.statusCode).toBe(status);
  expect(res.body.error).toBe(error);
  if (typeof message === 'string') expect(res.body.message).toBe(message);
  else if (message instanceof RegExp) expect(String(res.body.message)).toMatch(message);
  else if (Array.isArray(message)) expect(res.body.message).toEqual(expect.arrayContaining(message));
}

/** A refused request: `send` gets the given error reply, and the node at `url` keeps the pool and chain it had. */
export async function expectRefused(
  url: string,
  send: () => Promise<Response>,
  status: number,
  error: string,
  message?: string | RegExp,
): Promise<void> {
  const state = async () => ({
    pending: (await request(url).get('/pending_tx').expect(200)).body,
    chain: (await request(url).get('/chain').expect(200)).body.chain,
  });
  const before = await state();
  expectError(await send(), status, error, message);
  expect(await state()).toEqual(before);
}

export const DEMO_PARTIES = ['Democratic Party', 'Republican Party', 'Socialist party'] as const;
export const BLOCK_KEYS = ['index', 'transactions', 'timestamp', 'previous_hash', 'nonce', 'hash', 'difficulty', 'merkle_root'];
export const BALLOT_KEYS = ['voter_id', 'party', 'timestamp'];
