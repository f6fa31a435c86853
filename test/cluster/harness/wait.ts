/** Thrown by a waitFor condition to stop waiting at once (the awaited thing can no longer happen). */
export class GiveUp extends Error {}

/**
 * Polls `condition` until it returns a truthy value (returned) or `timeoutMs` passes. A condition that
 * throws (a node restarting, say) counts as "not yet", and its last error is quoted in the timeout
 * message; a condition that throws GiveUp ends the wait with that error.
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  timeoutMs: number,
  describe: string,
  intervalMs = 100,
): Promise<NonNullable<T>> {
  const deadline = performance.now() + timeoutMs;
  let lastError: unknown = undefined;
  for (;;) {
    try {
      const value = await condition();
      if (value) return value as NonNullable<T>;
      lastError = undefined;
    } catch (e) {
      if (e instanceof GiveUp) throw e;
      lastError = e;
    }
    if (performance.now() >= deadline) {
      const why = lastError === undefined ? '' : ` (last attempt failed: ${(lastError as Error).message ?? String(lastError)})`;
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${describe}${why}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
