/** Who a request counts against: each client (IP address) has one budget per kind, per minute. */
export type RateLimitKind = 'voter' | 'admin' | 'peer' | 'public';

/** Requests per client per minute for each kind; 0 turns a kind's limit off. */
export type RateLimits = Record<RateLimitKind, number> & {
  /** Whether clients on loopback addresses are limited too (a test cluster on one machine turns this off). */
  loopback: boolean;
};

export const DEFAULT_RATE_LIMITS: RateLimits = { voter: 120, admin: 120, peer: 12_000, public: 1_200, loopback: true };
