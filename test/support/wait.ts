/** Thrown by a waitFor condition to stop waiting at once (the awaited thing can no longer happen). */
export class GiveUp extends Error {}

export interface WaitOptions {
  /** What is awaited, as the failure message says it: "B to reach height 3". */
  what: string;
  /** Default 2 000 ms: a failed wait then fails well inside Jest's 5 s per test, with this message. */
  timeoutMs?: number;
  /** The pause between two attempts; default 20 ms. */
  intervalMs?: number;
}

/**
 * Polls `condition` until it returns a truthy value (returned) or `timeoutMs` passes. A condition that
 * throws (a node restarting, an assertion not yet true) counts as "not yet", and its last error is quoted
 * in the timeout message; a condition that throws GiveUp ends the wait with that error.
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  { what, timeoutMs = 2_000, intervalMs = 20 }: WaitOptions,
): Promise<NonNullable<T>> {
  const deadline = performance.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value;
      lastError = undefined;
    } catch (e) {
      if (e instanceof GiveUp) throw e;
      lastError = e;
    }
    if (performance.now() >= deadline) {
      const why = lastError === undefined ? '' : ` (last attempt failed: ${messageOf(lastError)})`;
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${why}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

function messageOf(thrown: unknown): string {
  if (thrown instanceof Error) return thrown.message;
  return typeof thrown === 'string' ? thrown : JSON.stringify(thrown);
}
