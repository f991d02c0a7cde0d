import type { KitchenReportQuery, KitchenReportResponse } from '@plato/contracts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { type PrepStampRow, selectPrepStamps } from './reports.repository.ts';

type PrepStats = Omit<KitchenReportResponse['items'][number], 'name' | 'menuItemId'>;

/** Seconds from one stamp to the next; none unless both are set. Never negative (instances' clocks may differ a little). */
function secondsBetween(start: string | null, end: string | null): number | undefined {
  if (start === null || end === null) return undefined;
  return Math.max(0, (Date.parse(end) - Date.parse(start)) / 1000);
}

const tenths = (n: number) => Math.round(n * 10) / 10;

/** Average and nearest-rank 90th percentile, to a tenth of a second; nulls without samples. */
export function summarise(samples: readonly number[]): { avg: number | null; p90: number | null } {
  if (samples.length === 0) return { avg: null, p90: null };
  const sorted = [...samples].sort((a, b) => a - b);
  const avg = sorted.reduce((sum, s) => sum + s, 0) / sorted.length;
  return { avg: tenths(avg), p90: tenths(sorted[Math.ceil(0.9 * sorted.length) - 1]!) };
}

class Bucket {
  lines = 0;
  readonly prep: number[] = [];
  readonly pass: number[] = [];

  add(r: PrepStampRow): void {
    this.lines++;
    const prep = secondsBetween(r.firedAt, r.readyAt);
    if (prep !== undefined) this.prep.push(prep);
    const pass = secondsBetween(r.readyAt, r.servedAt);
    if (pass !== undefined) this.pass.push(pass);
  }

  stats(): PrepStats {
    const prep = summarise(this.prep);
    const pass = summarise(this.pass);
    return {
      lines: this.lines,
      prepAvgSeconds: prep.avg,
      prepP90Seconds: prep.p90,
      passAvgSeconds: pass.avg,
      passP90Seconds: pass.p90,
    };
  }
}

function groupBy<K extends string>(
  rows: readonly PrepStampRow[],
  keyOf: (r: PrepStampRow) => K,
  nameOf: (r: PrepStampRow) => string,
): { id: K; name: string; stats: PrepStats }[] {
  const buckets = new Map<K, { name: string; bucket: Bucket }>();
  for (const r of rows) {
    const key = keyOf(r);
    let entry = buckets.get(key);
    if (!entry) buckets.set(key, (entry = { name: nameOf(r), bucket: new Bucket() }));
    entry.bucket.add(r);
  }
  return [...buckets]
    .map(([id, { name, bucket }]) => ({ id, name, stats: bucket.stats() }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/**
 * Prep times (fired → ready) and pass times (ready → served) per item and per
 * station, over the lines of orders placed in [from, to). Percentiles need
 * every sample, which SQLite cannot rank in SQL, so the stamps are read and
 * summarised here: a report reads a bounded window, not the hot path.
 */
export async function kitchenReport(
  db: Kysely<Database>,
  restaurantId: string,
  query: KitchenReportQuery,
): Promise<KitchenReportResponse> {
  // Stored stamps are toISOString() text: a bound written another way ("…00Z", an offset) is normalised to compare.
  const window = { from: new Date(query.from).toISOString(), to: new Date(query.to).toISOString() };
  const rows = await selectPrepStamps(db, restaurantId, window);
  return {
    ...window,
    items: groupBy(
      rows,
      (r) => r.menuItemId,
      (r) => r.itemName,
    ).map((g) => ({ menuItemId: g.id, name: g.name, ...g.stats })),
    stations: groupBy(
      rows,
      (r) => r.stationId,
      (r) => r.stationName,
    ).map((g) => ({ stationId: g.id, name: g.name, ...g.stats })),
  };
}
