import type { Kysely } from 'kysely';

/* Frozen once landed: change the schema in a new migration. */

/**
 * Receipt links (issue 12): a guest opens the receipt of a closed session
 * from their phone, without signing in, until 24 h after the close. Only the
 * token's SHA-256 is kept, like every bearer token here, so a database leak
 * opens no receipt. A session may have several links (one made at the close,
 * more when staff hand out another); they all expire with the session's
 * `closed_at`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('receipt_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('restaurant_id', 'text', (c) => c.notNull().references('restaurants.id'))
    .addColumn('session_id', 'text', (c) => c.notNull().references('table_sessions.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('receipt_links_session_idx').on('receipt_links').column('session_id').execute();
}
