import { type Kysely, type Selectable, sql } from 'kysely';
import { nowIso } from '../../db/ids.ts';
import { precompiled } from '../../db/precompiled.ts';
import type { Database, OrderLinesTable, OrdersTable } from '../../db/schema.ts';

export type OrderRow = Selectable<OrdersTable>;
export type OrderLineRow = Selectable<OrderLinesTable>;

const sessionForOrder = (lock: boolean) =>
  precompiled((db, p: { restaurantId: string; sessionId: string }) => {
    const q = db
      .selectFrom('table_sessions as s')
      .innerJoin('restaurants as r', 'r.id', 's.restaurant_id')
      .select([
        's.id',
        's.table_id as tableId',
        's.status',
        'r.order_approval as orderApproval',
        'r.menu_version as menuVersion',
      ])
      .where('s.restaurant_id', '=', p.restaurantId)
      .where('s.id', '=', p.sessionId);
    return lock ? q.forShare('s') : q;
  });
const sessionForOrderLocked = sessionForOrder(true);
const sessionForOrderUnlocked = sessionForOrder(false);

/**
 * What placing an order needs to know about its session, read inside the
 * placing transaction. `lock` (PostgreSQL) takes a share lock on the session
 * row: a concurrent close (which locks it for update) waits for the order to
 * commit, or the order sees the session closed — an order never lands in a
 * closed session.
 */
export async function findSessionForOrder(db: Kysely<Database>, restaurantId: string, sessionId: string, lock = false) {
  const [row] = await (lock ? sessionForOrderLocked : sessionForOrderUnlocked)(db, { restaurantId, sessionId });
  return row;
}

const ordersByKey = precompiled((db, p: { restaurantId: string; key: string }) =>
  db
    .selectFrom('orders')
    .select(['id', 'session_id', 'request_hash'])
    .where('restaurant_id', '=', p.restaurantId)
    .where('idempotency_key', '=', p.key),
);

/** Orders of the restaurant that used this key, in any session (orders_idempotency_lookup_idx). */
export async function findOrdersByKey(db: Kysely<Database>, restaurantId: string, key: string) {
  return ordersByKey(db, { restaurantId, key });
}

const bumpOrderCounter = precompiled((db, p: { restaurantId: string }) =>
  db
    .insertInto('order_counters')
    .values({ restaurant_id: p.restaurantId, last_number: 1 })
    .onConflict((oc) =>
      oc.column('restaurant_id').doUpdateSet({ last_number: sql<number>`order_counters.last_number + 1` }),
    )
    .returning('last_number'),
);

/**
 * The next order number of the restaurant. The counter row is the hottest
 * row of all (every order of the restaurant updates it and PostgreSQL keeps
 * it locked until commit), so callers take it as late as they can.
 */
export async function nextOrderNumber(db: Kysely<Database>, restaurantId: string): Promise<number> {
  const [row] = await bumpOrderCounter(db, { restaurantId });
  if (!row) throw new Error('order counter upsert returned nothing');
  return row.last_number;
}

// Columns are named one by one: the parameter stand-ins cannot be spread.
const insertOrderRow = precompiled((db, p: OrderRow) =>
  db.insertInto('orders').values({
    id: p.id,
    restaurant_id: p.restaurant_id,
    session_id: p.session_id,
    table_id: p.table_id,
    number: p.number,
    approval: p.approval,
    source: p.source,
    guest_id: p.guest_id,
    staff_id: p.staff_id,
    idempotency_key: p.idempotency_key,
    request_hash: p.request_hash,
    total_cents: p.total_cents,
    reject_reason: p.reject_reason,
    created_at: p.created_at,
    decided_at: p.decided_at,
    decided_by: p.decided_by,
  }),
);

export async function insertOrder(
  db: Kysely<Database>,
  order: OrderRow,
  lines: readonly OrderLineRow[],
): Promise<void> {
  await insertOrderRow(db, order);
  if (lines.length > 0)
    await db
      .insertInto('order_lines')
      .values([...lines])
      .execute();
}

export type OrderSelection = { sessionId: string } | { orderId: string };

/** Orders newest first and their lines, in two queries however many there are. */
export async function selectOrders(
  db: Kysely<Database>,
  restaurantId: string,
  which: OrderSelection,
): Promise<{ orders: OrderRow[]; lines: OrderLineRow[] }> {
  let orders = db.selectFrom('orders').selectAll().where('restaurant_id', '=', restaurantId);
  let lines = db.selectFrom('order_lines').selectAll().where('restaurant_id', '=', restaurantId);
  if ('sessionId' in which) {
    orders = orders.where('session_id', '=', which.sessionId);
    lines = lines.where('session_id', '=', which.sessionId);
  } else {
    orders = orders.where('id', '=', which.orderId);
    lines = lines.where('order_id', '=', which.orderId);
  }
  const orderRows = await orders.orderBy('number', 'desc').execute();
  if (orderRows.length === 0) return { orders: [], lines: [] };
  return { orders: orderRows, lines: await lines.orderBy('order_id').orderBy('position').execute() };
}

export async function findOrderRow(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
): Promise<OrderRow | undefined> {
  return db
    .selectFrom('orders')
    .selectAll()
    .where('restaurant_id', '=', restaurantId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Records a waiter's decision on a PENDING order; false when it was no
 * longer pending (decided by someone else meanwhile), on both dialects.
 */
export async function decidePendingOrder(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
  d: { approval: 'ACCEPTED' | 'REJECTED'; staffId: string; reason: string | null },
): Promise<boolean> {
  const result = await db
    .updateTable('orders')
    .set({ approval: d.approval, decided_at: nowIso(), decided_by: d.staffId, reject_reason: d.reason })
    .where('restaurant_id', '=', restaurantId)
    .where('id', '=', id)
    .where('approval', '=', 'PENDING')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function cancelOrderLines(
  db: Kysely<Database>,
  restaurantId: string,
  orderId: string,
  reason: string | null,
): Promise<void> {
  await db
    .updateTable('order_lines')
    .set({ status: 'CANCELLED', status_changed_at: nowIso(), cancel_reason: reason })
    .where('restaurant_id', '=', restaurantId)
    .where('order_id', '=', orderId)
    .where('status', '<>', 'CANCELLED')
    .execute();
}
