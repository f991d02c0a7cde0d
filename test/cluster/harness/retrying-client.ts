import { type Answer, call } from './demo-client.ts';
import { sleep } from './cluster.ts';

/** What a request cut off by a dying process looks like to fetch (undici): a lost connection. */
const CONNECTION_LOST = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
export function isConnectionLost(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    const code = (e as NodeJS.ErrnoException).code;
    if ((code !== undefined && CONNECTION_LOST.has(code)) || e.message === 'socket hang up') return true;
  }
  return false;
}

export interface Attempts {
  /** The final answer (never a 5xx unless every try gave one). */
  answer: Answer;
  /** How many tries it took; 1 = the first. */
  tries: number;
  /** 5xx answers (from nginx or Plato) and lost connections before the final answer. */
  failures: string[];
}

/**
 * A client as the guest app and the till behave: a 5xx or a lost connection
 * is retried, unchanged (the same Idempotency-Key), after a short pause.
 * Only requests that are safe to repeat may go through here.
 */
export async function withRetries(
  base: string,
  method: string,
  path: string,
  body: unknown,
  headers: Record<string, string>,
  maxTries = 40,
): Promise<Attempts> {
  const failures: string[] = [];
  for (let tries = 1; ; tries++) {
    try {
      const answer = await call(base, method, path, body, headers);
      if (answer.status < 500 || tries >= maxTries) return { answer, tries, failures };
      failures.push(`${answer.status}`);
    } catch (err) {
      if (!isConnectionLost(err) || tries >= maxTries) throw err;
      failures.push('connection lost');
    }
    await sleep(50 * Math.min(tries, 4));
  }
}
