import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

export type Tx = Transaction<Database>;
export type Executor = Kysely<Database>;

/**
 * Runs `work` in one transaction and, only once it has committed, the
 * callbacks it queued with `afterCommit` (live events, for example): a
 * rolled-back change is never announced.
 */
export async function inTransaction<T>(
  db: Kysely<Database>,
  work: (tx: Tx, afterCommit: (fn: () => void) => void) => Promise<T>,
): Promise<T> {
  const queued: Array<() => void> = [];
  const result = await db.transaction().execute((tx) => work(tx, (fn) => queued.push(fn)));
  for (const fn of queued) fn();
  return result;
}
