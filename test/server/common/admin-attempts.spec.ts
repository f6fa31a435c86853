import { AdminAttempts, MAX_FAILED_ADMIN_ATTEMPTS } from '../../../server/common/admin-attempts';

const T0 = 1_700_000_000_000;
const MINUTE = 60_000;

describe('AdminAttempts', () => {
  it('lets an address fail up to the limit, then makes it wait for the rest of the 15-minute window', () => {
    const attempts = new AdminAttempts();
    for (let i = 0; i < MAX_FAILED_ADMIN_ATTEMPTS - 1; i++) attempts.failed('10.0.0.1', T0 + i);
    expect(attempts.retryAfter('10.0.0.1', T0 + MINUTE)).toBe(0);
    attempts.failed('10.0.0.1', T0 + MINUTE);
    expect(attempts.retryAfter('10.0.0.1', T0 + MINUTE)).toBe(14 * 60);
    expect(attempts.retryAfter('10.0.0.1', T0 + 15 * MINUTE - 1)).toBe(1);
    expect(attempts.retryAfter('10.0.0.1', T0 + 15 * MINUTE)).toBe(0);
    expect(attempts.retryAfter('10.0.0.2', T0 + MINUTE)).toBe(0);
  });

  it('forgets the failures of an address once it sends the right token', () => {
    const attempts = new AdminAttempts();
    for (let i = 0; i < MAX_FAILED_ADMIN_ATTEMPTS - 1; i++) attempts.failed('10.0.0.1', T0);
    attempts.succeeded('10.0.0.1');
    attempts.failed('10.0.0.1', T0);
    expect(attempts.retryAfter('10.0.0.1', T0)).toBe(0);
  });
});
