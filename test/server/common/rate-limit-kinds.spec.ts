import type { Request } from 'express';
import { kindOf } from '../../../server/common/rate-limits';

const request = (method: string, path: string, headers: Record<string, string> = {}) =>
  ({ method, path, headers, get: (name: string) => headers[name.toLowerCase()] }) as unknown as Request;

/** Which budget a request takes: every route that posts a voter's or a trustee's transaction takes the voter's. */
describe('kindOf (rate-limit budgets)', () => {
  it.each([
    ['POST', '/api/credentials'],
    ['POST', '/api/credentials/check'],
    ['POST', '/api/sealed-ballots'],
    ['POST', '/api/trustees/transactions'],
    ['POST', '/new_transaction'],
  ])('%s %s is a voter request', (method, path) => {
    expect(kindOf(request(method, path))).toBe('voter');
  });

  it('a read of the results is a public one', () => {
    expect(kindOf(request('GET', '/api/results'))).toBe('public');
  });
});
