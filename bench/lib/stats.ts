/** Latency samples in milliseconds, and the few figures a bench prints from them. */

export interface Summary {
  count: number;
  /** Requests (or changes) per second over the timed window. */
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of an ascending array (p in 0..100); NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(samples: readonly number[], seconds: number): Summary {
  const sorted = Float64Array.from(samples).sort();
  const values = Array.from(sorted);
  return {
    count: values.length,
    perSecond: seconds > 0 ? values.length / seconds : 0,
    p50: percentile(values, 50),
    p99: percentile(values, 99),
    max: values.length ? values[values.length - 1]! : Number.NaN,
  };
}

/** Counts answers by status, so a bench can say exactly which requests failed. */
export class ErrorTally {
  private readonly counts = new Map<string, number>();
  private readonly examples = new Map<string, string>();

  add(label: string, example = ''): void {
    this.counts.set(label, (this.counts.get(label) ?? 0) + 1);
    if (!this.examples.has(label)) this.examples.set(label, example.slice(0, 300));
  }

  get total(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }

  describe(): string {
    return [...this.counts]
      .map(([label, n]) => `${n}× ${label}${this.examples.get(label) ? ` (${this.examples.get(label)})` : ''}`)
      .join('; ');
  }
}

export const ms = (n: number): string => (Number.isFinite(n) ? `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms` : '—');
export const rate = (n: number): string => (Number.isFinite(n) ? `${Math.round(n).toLocaleString('en-US')}/s` : '—');

/** Milliseconds since `start` (a `process.hrtime.bigint()` reading). */
export const elapsedMs = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e6;
