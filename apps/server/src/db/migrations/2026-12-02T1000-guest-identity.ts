import type { Kysely } from 'kysely';

/* Frozen once landed: change the schema in a new migration. */

/**
 * A copy of `guestNameKey` (modules/sessions/guest-name-key.ts) as it was
 * when this migration landed: a migration must not change when the app does.
 */
const nameKey = (name: string): string => name.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');

/**
 * Guest identities (PRODUCT.md: an identity belongs to the device that made it):
 * - `name_key`, the name normalised by the app (NFKC + case folding), unique
 *   per session, so "Ágnes", "ágnes" and "ÁGNES" are one guest on both
 *   databases (SQLite's `lower()` folds ASCII only);
 * - `device_hash`, the SHA-256 of the device key that owns the identity,
 *   unique per session (one identity per device at a table);
 * - `last_seen_at`, when a device last used the identity (bumped at most once
 *   a minute), which decides whether it may be claimed by name.
 * Existing guests get their key; of names that now share one (they differed
 * only in case), the oldest keeps it, as lookups already preferred it, and
 * the others keep no key (unique indexes allow any number of NULLs on both
 * databases). Every existing identity counts as seen now, so its device has
 * ten minutes to come back before anyone may claim it by name.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('guests').addColumn('name_key', 'text').execute();
  await db.schema.alterTable('guests').addColumn('device_hash', 'text').execute();
  await db.schema.alterTable('guests').addColumn('last_seen_at', 'text').execute();

  const now = new Date().toISOString();
  const rows = await db
    .selectFrom('guests')
    .select(['id', 'session_id', 'name'])
    .orderBy('session_id')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const taken = new Set<string>();
  for (const row of rows as { id: string; session_id: string; name: string }[]) {
    const key = nameKey(row.name);
    const slot = `${row.session_id}\n${key}`;
    const free = !taken.has(slot);
    taken.add(slot);
    await db
      .updateTable('guests')
      .set({ name_key: free ? key : null, last_seen_at: now })
      .where('id', '=', row.id)
      .execute();
  }

  await db.schema
    .createIndex('guests_session_name_key_uq')
    .unique()
    .on('guests')
    .columns(['session_id', 'name_key'])
    .execute();
  await db.schema
    .createIndex('guests_session_device_uq')
    .unique()
    .on('guests')
    .columns(['session_id', 'device_hash'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Irreversible: restore a backup instead.');
}
