import { type Kysely, sql } from 'kysely';
import { precompiled } from '../../db/precompiled.ts';
import type { Database } from '../../db/schema.ts';

export interface WindowCount {
  count: number;
  /** When the current window ends. */
  resetAt: Date;
}

/**
 * Fixed-window counters kept in the database, so every server instance sees
 * the same counts. One upsert increments atomically (or restarts an expired
 * window), on SQLite and PostgreSQL alike.
 */
const upsertWindow = precompiled((db, p: { key: string; at: string; expired: string }) =>
  db
    .insertInto('rate_limits')
    .values({ key: p.key, window_start: p.at, count: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        count: sql<number>`case when rate_limits.window_start <= ${p.expired} then 1 else rate_limits.count + 1 end`,
        window_start: sql<string>`case when rate_limits.window_start <= ${p.expired} then ${p.at} else rate_limits.window_start end`,
      }),
    )
    .returning(['count', 'window_start']),
);

export async function hitWindow(
  db: Kysely<Database>,
  key: string,
  windowMs: number,
  now = new Date(),
): Promise<WindowCount> {
  const at = now.toISOString();
  const expired = new Date(now.getTime() - windowMs).toISOString();
  const [row] = await upsertWindow(db, { key, at, expired });
  if (!row) throw new Error('rate-limit upsert returned nothing');
  return { count: Number(row.count), resetAt: new Date(Date.parse(row.window_start) + windowMs) };
}

export async function clearWindow(db: Kysely<Database>, key: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('key', '=', key).execute();
}

export const retryAfterSeconds = (resetAt: Date, now = new Date()): number =>
  Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000));
