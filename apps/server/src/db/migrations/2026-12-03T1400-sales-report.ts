import type { Kysely } from 'kysely';

/* Frozen once landed: change the schema in a new migration. */

/**
 * The sales report finds the sessions a window touches by when their orders
 * were placed, their payments settled and their refunds given: without these
 * a month's report would read every order, payment and refund the
 * restaurant ever had.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('orders_restaurant_created_idx')
    .on('orders')
    .columns(['restaurant_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('payments_restaurant_settled_idx')
    .on('payments')
    .columns(['restaurant_id', 'settled_at'])
    .execute();
  await db.schema
    .createIndex('refunds_restaurant_created_idx')
    .on('refunds')
    .columns(['restaurant_id', 'created_at'])
    .execute();
}
