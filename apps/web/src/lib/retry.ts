import { ApiError } from './api-client';

/** Random hex that works on plain HTTP too (a phone on the restaurant's LAN): `randomUUID` needs a secure context. */
export function randomKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves when the browser thinks it is online (at once if it already does). */
function online(): Promise<void> {
  if (navigator.onLine) return Promise.resolve();
  return new Promise((resolve) => window.addEventListener('online', () => resolve(), { once: true }));
}

/**
 * Runs a keyed (idempotent) request until it gets an answer: a network
 * failure — offline, a timeout, an answer lost on the way — waits for the
 * network and tries again with the same key, so the server does it once.
 * A `CONFLICT` (the state moved under the request) is retried as it was, as
 * API.md asks. Any other answer, success or problem, is the result.
 */
export async function untilAnswered<T>(request: () => Promise<T>, onWaiting?: (waiting: boolean) => void): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await request();
      onWaiting?.(false);
      return result;
    } catch (error) {
      const retriable = error instanceof TypeError || (error instanceof ApiError && error.code === 'CONFLICT');
      if (!retriable || attempt >= 50) {
        onWaiting?.(false);
        throw error;
      }
      onWaiting?.(true);
      await online();
      await sleep(Math.min(500 * 2 ** Math.min(attempt, 4), 8000));
    }
  }
}
