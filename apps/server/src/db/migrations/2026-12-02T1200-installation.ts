import type { Kysely } from 'kysely';

/* Frozen once landed: change the schema in a new migration. */

/**
 * Facts about the installation as a whole, one row per key: the first is a
 * fingerprint of `PLATO_SECRET` (never the secret), which every start
 * compares with its own so instances that do not share the secret refuse to
 * run against one database.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('installation')
    .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Irreversible: restore a backup instead.');
}
