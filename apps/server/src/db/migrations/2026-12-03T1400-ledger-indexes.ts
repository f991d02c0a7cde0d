import type { Kysely } from 'kysely';

/* Frozen once landed: change the schema in a new migration. */

/**
 * Two kinds of indexes for the ledger (and one for a kitchen ticket).
 *
 * A session's rows by restaurant and session. Queries name both (the
 * restaurant is the tenancy guard), and SQLite, which plans without
 * statistics here, found a tie between a one-column prefix on the session
 * and one on the restaurant and could take the restaurant's: a bill read
 * then walked every line the restaurant ever sold, slower each night
 * (test/sqlite-query-plans.test.ts). An index on both columns wins outright.
 *
 * The sales report finds the sessions a window touches by when their orders
 * were placed, their payments settled and their refunds given: without these
 * a month's report would read every order, payment and refund there is.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // With the column the rows are read in, where a query sorts: SQLite would otherwise take an index
  // that saves the sort (the restaurant's orders by number) over one that finds the session's rows.
  const sessionIndexes: [string, string[]][] = [
    ['orders', ['restaurant_id', 'session_id', 'number']],
    ['order_lines', ['restaurant_id', 'session_id']],
    ['payments', ['restaurant_id', 'session_id', 'created_at']],
    ['discounts', ['restaurant_id', 'session_id', 'created_at']],
    ['refunds', ['restaurant_id', 'session_id']],
  ];
  for (const [table, columns] of sessionIndexes)
    await db.schema.createIndex(`${table}_restaurant_session_idx`).on(table).columns(columns).execute();
  // A ticket (an order's lines at a station, in order): two equal columns, so it is never read by the restaurant.
  await db.schema
    .createIndex('order_lines_order_station_idx')
    .on('order_lines')
    .columns(['order_id', 'station_id', 'position'])
    .execute();
  await db.schema
    .createIndex('refunds_restaurant_payment_idx')
    .on('refunds')
    .columns(['restaurant_id', 'payment_id', 'created_at'])
    .execute();

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
