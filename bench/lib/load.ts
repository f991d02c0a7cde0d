import type { Answer, Call, HttpClient } from './http.ts';
import { ErrorTally, type Summary, elapsedMs, summarize } from './stats.ts';

const NEVER = -1n;
const FOREVER = 1n << 62n;

/** Knobs shared by every bench, from the environment. */
export const settings = {
  /** Length of each timed window. */
  seconds: Number(process.env.BENCH_SECONDS ?? 5),
  /** Warm-up before each timed window (JIT, caches, connection set-up). */
  warmupSeconds: Number(process.env.BENCH_WARMUP_SECONDS ?? 1.5),
};

/**
 * Latency samples per request kind. Every answer is checked; a wrong status
 * counts as an error whenever it happens (warm-up included), and a bench
 * with any error is reported as failed. Samples are kept only for requests
 * that start inside the measuring window.
 */
export class Recorder {
  readonly errors = new ErrorTally();
  private keepFrom = NEVER;
  private keepUntil = NEVER;
  private readonly samples = new Map<string, number[]>();

  /** Sends `call` and records its latency under `name`; undefined when the status was not `expected`. */
  async timed(client: HttpClient, name: string, call: Call, expected: number): Promise<Answer | undefined> {
    const start = process.hrtime.bigint();
    const keep = this.isMeasuring(start);
    let res: Answer;
    try {
      res = await client.request(call);
    } catch (err) {
      this.errors.add(`${name}: ${(err as Error).message}`);
      return undefined;
    }
    const took = elapsedMs(start);
    if (res.status !== expected) {
      this.errors.add(`${name} → ${res.status}`, res.body);
      return undefined;
    }
    if (keep) this.sample(name, took);
    return res;
  }

  /** Keeps samples from now on (`true`) or no more (`false`). */
  measure(on: boolean): void {
    this.window(on ? process.hrtime.bigint() : NEVER, on ? FOREVER : NEVER);
  }

  window(from: bigint, until: bigint): void {
    this.keepFrom = from;
    this.keepUntil = until;
  }

  isMeasuring(at = process.hrtime.bigint()): boolean {
    return at >= this.keepFrom && at < this.keepUntil;
  }

  sample(name: string, ms: number): void {
    let list = this.samples.get(name);
    if (!list) this.samples.set(name, (list = []));
    list.push(ms);
  }

  summary(name: string, seconds: number): Summary {
    return summarize(this.samples.get(name) ?? [], seconds);
  }
}

/**
 * A closed loop: `workers` concurrent loops each run `iteration` back to back
 * (a new request only when its previous one answered). Warm-up first, then a
 * timed window; answers to requests started in the window are kept.
 * Returns the window's length in seconds.
 */
export async function closedLoop(
  recorder: Recorder,
  workers: number,
  iteration: (worker: number) => Promise<void>,
  window = { warmupSeconds: settings.warmupSeconds, seconds: settings.seconds },
): Promise<number> {
  const start = process.hrtime.bigint();
  const warmEnd = start + BigInt(Math.round(window.warmupSeconds * 1e9));
  const end = warmEnd + BigInt(Math.round(window.seconds * 1e9));
  recorder.window(warmEnd, end);
  const loop = async (w: number) => {
    while (process.hrtime.bigint() < end) await iteration(w);
  };
  await Promise.all(Array.from({ length: workers }, (_, w) => loop(w)));
  recorder.measure(false);
  return window.seconds;
}

/** Runs `task` for every index in 0..count-1, `concurrency` at a time (set-up work, not measured). */
export async function inParallel(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}
