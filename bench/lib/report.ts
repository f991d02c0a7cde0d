import { ms, rate } from './stats.ts';

/** One line of the closing table: Plato's figure, the baseline's, their ratio, the target and whether it was met. */
export interface Row {
  name: string;
  plato: string;
  baseline: string;
  ratio: string;
  target: string;
  met: string;
}

export interface BenchOutcome {
  rows: Row[];
  /** Non-empty when a request failed: the figures of a failed bench do not count. */
  failures: string[];
  notes: string[];
}

const ratio = (plato: number, baseline: number | undefined): string =>
  baseline === undefined || !Number.isFinite(plato) || !Number.isFinite(baseline) || baseline === 0
    ? '—'
    : `${(plato / baseline).toFixed(2)}×`;

const verdict = (failed: boolean, ok: boolean | undefined): string =>
  failed ? 'FAILED' : ok === undefined ? '—' : ok ? 'yes' : 'NO';

/** A throughput row; `atLeast` is the target (per second). */
export function rateRow(
  name: string,
  plato: number,
  baseline: number | undefined,
  atLeast: number | undefined,
  failed: boolean,
): Row {
  return {
    name,
    plato: rate(plato),
    baseline: baseline === undefined ? '—' : rate(baseline),
    ratio: ratio(plato, baseline),
    target: atLeast === undefined ? '—' : `≥ ${rate(atLeast)}`,
    met: verdict(failed, atLeast === undefined ? undefined : plato >= atLeast),
  };
}

/** A row of a cost (latency, CPU) in ms, lower is better; `atMost` is the target. The ratio reads "times the baseline's". */
function costRow(
  format: (n: number) => string,
  name: string,
  plato: number,
  baseline: number | undefined,
  atMost: number | undefined,
  failed: boolean,
): Row {
  return {
    name,
    plato: format(plato),
    baseline: baseline === undefined ? '—' : format(baseline),
    ratio: ratio(plato, baseline),
    target: atMost === undefined ? '—' : `≤ ${atMost} ms`,
    met: verdict(failed, atMost === undefined || !Number.isFinite(plato) ? undefined : plato <= atMost),
  };
}

/** A latency row; `atMost` is the target (ms). The ratio reads "times slower than the baseline". */
export const latencyRow = (
  name: string,
  plato: number,
  baseline: number | undefined,
  atMost: number | undefined,
  failed: boolean,
): Row => costRow(ms, name, plato, baseline, atMost, failed);

/**
 * A latency row whose target is a share of the baseline's figure in the same
 * run (the machine's noise cancels), with an absolute ceiling too when given.
 */
export function latencyShareRow(
  name: string,
  plato: number,
  baseline: number,
  atMostShare: number,
  failed: boolean,
): Row {
  const share = baseline > 0 ? plato / baseline : Number.NaN;
  return {
    ...latencyRow(name, plato, baseline, undefined, failed),
    target: `≤ ${atMostShare}× baseline`,
    met: verdict(failed, Number.isFinite(share) ? share <= atMostShare : undefined),
  };
}

/**
 * A latency that is the difference of two arrivals (an event after an HTTP
 * answer) may be negative; a ratio to a negative or zero baseline means
 * nothing, so the row prints none.
 */
export function differenceRow(
  name: string,
  plato: number,
  baseline: number,
  atMost: number | undefined,
  failed: boolean,
): Row {
  const row = latencyRow(name, plato, baseline, atMost, failed);
  return baseline > 0 && plato > 0 ? row : { ...row, ratio: '—' };
}

/**
 * A throughput row whose target is a share of the baseline's figure (both
 * measured in the same run, so the machine's noise cancels).
 */
export function shareRow(
  name: string,
  plato: number,
  baseline: number | undefined,
  atLeastShare: number,
  failed: boolean,
): Row {
  const share = baseline === undefined || baseline === 0 ? Number.NaN : plato / baseline;
  return {
    ...rateRow(name, plato, baseline, undefined, failed),
    target: `≥ ${atLeastShare.toFixed(2)}×`,
    met: verdict(failed, Number.isFinite(share) ? share >= atLeastShare : undefined),
  };
}

const cpu = (n: number): string => (Number.isFinite(n) ? `${n.toFixed(3)} ms` : '—');

/** Server CPU milliseconds per request (or per phone order); `atMost` is the target. */
export const cpuRow = (
  name: string,
  plato: number,
  baseline: number | undefined,
  atMost: number | undefined,
  failed: boolean,
): Row => costRow(cpu, name, plato, baseline, atMost, failed);

export function skippedRow(name: string, target: string, why: string): Row {
  return { name, plato: `skipped: ${why}`, baseline: '—', ratio: '—', target, met: 'skipped' };
}

/** A plain-text table, columns padded to their widest cell. */
export function formatTable(rows: Row[]): string {
  const header: Row = {
    name: 'bench',
    plato: 'Plato',
    baseline: 'baseline',
    ratio: 'ratio',
    target: 'target',
    met: 'met?',
  };
  const keys = Object.keys(header) as (keyof Row)[];
  const all = [header, ...rows];
  const widths = keys.map((k) => Math.max(...all.map((r) => r[k].length)));
  const line = (r: Row) =>
    keys
      .map((k, i) => r[k].padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Prints a bench's own lines as it finishes, so a long run shows progress. */
export function log(message: string): void {
  process.stdout.write(`${message}\n`);
}
