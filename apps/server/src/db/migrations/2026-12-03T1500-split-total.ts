import type { Kysely } from 'kysely';

/* Frozen once landed: change the schema in a new migration. */

/**
 * A split remembers the bill's total it was computed for. An order, a void or
 * a discount after it changes the total, and the stored parts would no longer
 * add up to what is owed: the bill then shows the split as stale, and the
 * till asks for a new one. Splits made before this migration keep a null
 * total and are taken as current.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('splits').addColumn('total_cents', 'integer').execute();
}
