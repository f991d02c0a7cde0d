import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { inTransaction } from '../../db/transaction.ts';

/**
 * Runs `work` in its own transaction, or inside the caller's when `db` already
 * is one, so the seed can build a whole menu all-or-nothing with the same
 * service functions the API uses.
 */
export function inMenuTransaction<T>(db: Kysely<Database>, work: (tx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : inTransaction(db, (tx) => work(tx));
}
