/** Seconds to wait before contacting a peer again after `failures` consecutive failures (1, 2, 4 … 30). */
export function backoffSeconds(failures: number): number {
  return Math.min(30, 2 ** Math.max(0, failures - 1));
}

/**
 * Runs `attempt` up to `tries` times, waiting 250 ms, 1 s, 4 s, 16 s, then 30 s between tries; an error
 * for which `isFinal` holds is thrown at once (trying again cannot help).
 */
export async function withRetries<T>(attempt: () => Promise<T>, tries: number, isFinal: (e: unknown) => boolean = () => false): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (e) {
      if (i >= tries || isFinal(e)) throw e;
      await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 250 * 4 ** (i - 1))).unref());
    }
  }
}
