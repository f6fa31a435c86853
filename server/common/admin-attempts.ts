import { Injectable } from '@nestjs/common';

/** Wrong admin tokens allowed from one address per window, before that address must wait. */
export const MAX_FAILED_ADMIN_ATTEMPTS = 10;
const WINDOW_MS = 15 * 60_000;
/** Addresses remembered at most: a flood from many addresses cannot grow this without bound. */
const MAX_ADDRESSES = 10_000;

/**
 * Failed admin-token attempts per client address: after MAX_FAILED_ADMIN_ATTEMPTS wrong tokens within
 * 15 minutes, that address is refused (even with the right token) until the window has passed, so the
 * token cannot be guessed at request speed. A correct token clears the address's count.
 */
@Injectable()
export class AdminAttempts {
  private readonly failures = new Map<string, { count: number; since: number }>();

  /** Seconds the address must still wait, or 0. */
  retryAfter(address: string, now = Date.now()): number {
    const entry = this.current(address, now);
    if (!entry || entry.count < MAX_FAILED_ADMIN_ATTEMPTS) return 0;
    return Math.ceil((entry.since + WINDOW_MS - now) / 1000);
  }

  failed(address: string, now = Date.now()): void {
    const entry = this.current(address, now);
    if (entry) {
      entry.count++;
      return;
    }
    if (this.failures.size >= MAX_ADDRESSES) this.failures.delete(this.failures.keys().next().value!);
    this.failures.set(address, { count: 1, since: now });
  }

  succeeded(address: string): void {
    this.failures.delete(address);
  }

  private current(address: string, now: number): { count: number; since: number } | undefined {
    const entry = this.failures.get(address);
    if (entry && now - entry.since >= WINDOW_MS) {
      this.failures.delete(address);
      return undefined;
    }
    return entry;
  }
}
