import type { Response } from 'supertest';

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

export const DEMO_PARTIES = ['Democratic Party', 'Republican Party', 'Socialist party'] as const;
export const BLOCK_KEYS = ['index', 'transactions', 'timestamp', 'previous_hash', 'nonce', 'hash', 'difficulty', 'merkle_root'];
export const BALLOT_KEYS = ['voter_id', 'party', 'timestamp'];
