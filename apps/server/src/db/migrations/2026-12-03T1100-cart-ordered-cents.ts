import { type Kysely, sql } from 'kysely';
import { v7 } from 'uuid';

/* Frozen once landed: change the schema in a new migration. */

/**
 * The bill's bound (LIMITS.billTotalCentsMax) was checked by summing every
 * order of the session at each placement, twice: a long session got slower
 * with every order. Each cart now keeps what has been ordered from it
 * (`ordered_cents`), moved in the same statement that takes its lines into
 * an order; waiters' orders count on the table's cart. The session's orders
 * total the sum over its carts: a handful of rows, however many orders.
 *
 * The running total lives on the cart row, not the session row, because the
 * guest order already holds the cart's row lock (PostgreSQL): writing the
 * session row there would take locks in the opposite order from a cart
 * change (session share lock, then cart) and could deadlock with it.
 *
 * Existing sessions get their orders' total on their table's cart (made
 * where an INDIVIDUAL session has none).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('carts')
    .addColumn('ordered_cents', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  const billed = await db
    .selectFrom('orders')
    .select(['restaurant_id', 'session_id', sql<number>`sum(total_cents)`.as('cents')])
    .groupBy(['restaurant_id', 'session_id'])
    .execute();
  for (const b of billed) {
    await db
      .insertInto('carts')
      .values({
        id: v7(),
        restaurant_id: b.restaurant_id,
        session_id: b.session_id,
        owner: 'TABLE',
        version: 0,
        ordered_cents: Number(b.cents),
      })
      .onConflict((oc) => oc.columns(['session_id', 'owner']).doUpdateSet({ ordered_cents: Number(b.cents) }))
      .execute();
  }
}

export async function down(): Promise<void> {
  throw new Error('Irreversible: restore a backup instead.');
}
