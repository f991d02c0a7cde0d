import { type Kysely, sql } from 'kysely';
import { isSqlite } from '../migrator.ts';

/* Frozen once landed: change the schema in a new migration. */

/**
 * `restaurants.menu_version` now keys the guest menu's ready bytes, so it
 * must move with everything those bytes show: categories join the tables
 * whose changes bump it (a renamed, translated or reordered category reaches
 * the phones at once), and so do the restaurant's own locale (the menu's
 * fallback language) and currency. The PostgreSQL function
 * `bump_menu_version()` is the one the items' triggers already use.
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
    // Only these two columns fire it, so its own update of menu_version does not.
    await sql`create trigger restaurants_menu_version_facts after update of locale, currency on restaurants
      when old.locale is not new.locale or old.currency is not new.currency
      begin update restaurants set menu_version = menu_version + 1 where id = new.id; end`.execute(db);
    return;
  }
  await sql`create trigger categories_menu_version after insert or update or delete on categories
    for each row execute function bump_menu_version()`.execute(db);
  await sql`create function bump_menu_version_on_facts() returns trigger language plpgsql as $$
    begin
      if new.locale is distinct from old.locale or new.currency is distinct from old.currency then
        new.menu_version := old.menu_version + 1;
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger restaurants_menu_version_facts before update of locale, currency on restaurants
    for each row execute function bump_menu_version_on_facts()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Irreversible: restore a backup instead.');
}
