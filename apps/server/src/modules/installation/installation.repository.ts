import type { Kysely } from 'kysely';
import { nowIso } from '../../db/ids.ts';
import type { Database } from '../../db/schema.ts';

export type InstallationKey = 'secret_fingerprint';

export async function readInstallationValue(db: Kysely<Database>, key: InstallationKey): Promise<string | undefined> {
  const row = await db.selectFrom('installation').select('value').where('key', '=', key).executeTakeFirst();
  return row?.value;
}

/**
 * Records `value` unless the key already has one, and answers the value that
 * stands: of two instances starting at once on an empty database, the first
 * to commit wins and the other compares itself with it.
 */
export async function recordInstallationValue(
  db: Kysely<Database>,
  key: InstallationKey,
  value: string,
): Promise<string> {
  await db
    .insertInto('installation')
    .values({ key, value, created_at: nowIso() })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return (await readInstallationValue(db, key)) ?? value;
}
