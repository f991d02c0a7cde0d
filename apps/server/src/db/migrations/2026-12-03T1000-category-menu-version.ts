import { type Kysely, sql } from 'kysely';
import { isSqlite } from '../migrator.ts';

/* Frozen once landed: change the schema in a new migration. */

/**
 * Categories join the tables whose changes bump `restaurants.menu_version`:
 * the guest menu is now served from bytes built once per version, and a
 * renamed, translated or reordered category must reach the phones at once.
 * The PostgreSQL function `bump_menu_version()` is the one the items'
 * triggers already use.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (isSqlite(db)) {
    for (const [event, row] of [
      ['insert', 'new'],
      ['update', 'new'],
      ['delete', 'old'],
    ] as const) {
      await sql
        .raw(
          `create trigger categories_menu_version_${event} after ${event} on categories
           begin update restaurants set menu_version = menu_version + 1 where id = ${row}.restaurant_id; end`,
        )
        .execute(db);
    }
    return;
  }
  await sql`create trigger categories_menu_version after insert or update or delete on categories
    for each row execute function bump_menu_version()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Irreversible: restore a backup instead.');
}
