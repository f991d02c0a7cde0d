import { type Kysely, sql } from 'kysely';

/* Frozen once landed: change the schema in a new migration. */

/**
 * The kitchen display (issue 11). Tickets are not stored: a ticket is the
 * lines of one order at one station, so an order can never exist without
 * its tickets. What the kitchen needs is on the lines and around them:
 * - `order_lines.seq`: the restaurant's line-change sequence when the line
 *   last changed in a way a kitchen screen shows (placed, moved, held,
 *   fired, its table renamed). `order_counters.line_seq` hands it out; the
 *   counter row is locked until commit, so sequence order is commit order
 *   and `GET /kitchen/tickets?since=` can never skip a change;
 * - the course and whether it is held; when it was fired, started, ready
 *   and served (prep times); who moved it last;
 * - `orders.version`, bumped by every line move;
 * - each station's warning and late thresholds;
 * - the restaurant's default station, which items without a station of
 *   their own follow (`menu_items.station_default`: the item's `station_id`
 *   is kept equal to the default, so every line still names its station);
 * - a cart line's course, chosen by the guest.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const add = (table: string, column: string, type: 'integer' | 'text' | 'boolean', fn?: (c: any) => any) =>
    db.schema
      .alterTable(table)
      .addColumn(column, type, fn ?? ((c) => c))
      .execute();

  await add('order_lines', 'seq', 'integer', (c) => c.notNull().defaultTo(0));
  await add('order_lines', 'course', 'integer', (c) => c.notNull().defaultTo(1));
  await add('order_lines', 'held', 'boolean', (c) => c.notNull().defaultTo(sql`false`));
  await add('order_lines', 'fired_at', 'text');
  await add('order_lines', 'started_at', 'text');
  await add('order_lines', 'ready_at', 'text');
  await add('order_lines', 'served_at', 'text');
  await add('order_lines', 'status_by', 'text');
  await add('orders', 'version', 'integer', (c) => c.notNull().defaultTo(0));
  await add('order_counters', 'line_seq', 'integer', (c) => c.notNull().defaultTo(0));
  await add('stations', 'warn_minutes', 'integer', (c) => c.notNull().defaultTo(10));
  await add('stations', 'late_minutes', 'integer', (c) => c.notNull().defaultTo(20));
  await add('restaurants', 'default_station_id', 'text', (c) => c.references('stations.id'));
  await add('menu_items', 'station_default', 'boolean', (c) => c.notNull().defaultTo(sql`false`));
  await add('cart_lines', 'course', 'integer', (c) => c.notNull().defaultTo(1));

  // Lines placed before this migration were timed from their order.
  await sql`update order_lines set fired_at = (select o.created_at from orders o where o.id = order_lines.order_id)`.execute(
    db,
  );

  await db.schema.createIndex('order_lines_seq_idx').on('order_lines').columns(['restaurant_id', 'seq']).execute();
  // The kitchen finds its tickets by what is still to cook (or at the pass) and what changed since a sequence.
  await db.schema
    .createIndex('order_lines_status_idx')
    .on('order_lines')
    .columns(['restaurant_id', 'status', 'station_id'])
    .execute();
}
