import type { Kysely } from 'kysely';

/* Frozen once landed: change the schema in a new migration. */

/**
 * The languages a restaurant offers its menu in besides its own (`locale`),
 * as a JSON list of locales: the back office asks for item and category
 * names in these. Existing restaurants start with none.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('restaurants')
    .addColumn('languages', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
}
