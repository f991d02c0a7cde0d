import { type Kysely, sql } from 'kysely';
import { isSqlite } from '../migrator.ts';

/* Frozen once landed: change the schema in a new migration. */

const MENU_TABLES = ['menu_items', 'modifier_groups', 'modifier_options'] as const;

/**
 * `restaurants.menu_version` goes up with every change to a restaurant's
 * items, modifier groups or options, by trigger — whatever code path made
 * the change — so a server may keep the menu it prices orders with in
 * memory and check, inside each order's transaction, that it is current.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('restaurants')
    .addColumn('menu_version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  if (isSqlite(db)) {
    for (const table of MENU_TABLES) {
      for (const [event, row] of [
        ['insert', 'new'],
        ['update', 'new'],
        ['delete', 'old'],
      ] as const) {
        await sql
          .raw(
            `create trigger ${table}_menu_version_${event} after ${event} on ${table}
             begin update restaurants set menu_version = menu_version + 1 where id = ${row}.restaurant_id; end`,
          )
          .execute(db);
      }
    }
    return;
  }
  await sql`create function bump_menu_version() returns trigger language plpgsql as $$
    begin
      update restaurants set menu_version = menu_version + 1
       where id = (case when tg_op = 'DELETE' then old.restaurant_id else new.restaurant_id end);
      return null;
    end $$`.execute(db);
  for (const table of MENU_TABLES) {
    await sql
      .raw(
        `create trigger ${table}_menu_version after insert or update or delete on ${table}
         for each row execute function bump_menu_version()`,
      )
      .execute(db);
  }
}

export async function down(): Promise<void> {
  throw new Error('Irreversible: restore a backup instead.');
}
