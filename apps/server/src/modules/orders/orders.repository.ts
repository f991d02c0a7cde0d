import type { SessionMode } from '@plato/contracts';
import { type ExpressionBuilder, type Kysely, type Selectable, sql } from 'kysely';
import type { DialectName } from '../../db/database.ts';
import { newId, nowIso, sha256 } from '../../db/ids.ts';
import { precompiled } from '../../db/precompiled.ts';
import type { Database, OrderLinesTable, OrdersTable } from '../../db/schema.ts';
import { inTransaction } from '../../db/transaction.ts';
import { type AuditRow, insertAuditRow } from '../audit/audit.repository.ts';
import { type StoredCartLine, storedLinesOf } from '../cart/cart.repository.ts';
import type { GuestIdentity } from '../sessions/guest-tokens.repository.ts';

export type OrderRow = Selectable<OrdersTable>;
export type OrderLineRow = Selectable<OrderLinesTable>;

/**
 * What the session's orders total as placed (the bill's bound counts this, see
 * LIMITS.billTotalCentsMax): each cart keeps what was ordered from it, so this
 * reads the session's few carts, never its orders.
 */
const orderedCentsOf = (eb: ExpressionBuilder<Database & { s: Database['table_sessions'] }, 's'>) =>
  eb
    .selectFrom('carts as billed')
    .select((p) => p.fn.coalesce(p.fn.sum<number>('billed.ordered_cents'), p.lit(0)).as('cents'))
    .whereRef('billed.session_id', '=', 's.id');

const sessionForOrder = (lock: boolean) =>
  precompiled((db, p: { restaurantId: string; sessionId: string }) => {
    const q = db
      .selectFrom('table_sessions as s')
      .innerJoin('restaurants as r', 'r.id', 's.restaurant_id')
      .select((eb) => [
        's.id',
        's.table_id as tableId',
        's.status',
        'r.order_approval as orderApproval',
        'r.menu_version as menuVersion',
        orderedCentsOf(eb).as('orderedCents'),
      ])
      .where('s.restaurant_id', '=', p.restaurantId)
      .where('s.id', '=', p.sessionId);
    return lock ? q.forShare(['s', 'r']) : q;
  });
const sessionForOrderLocked = sessionForOrder(true);
const sessionForOrderUnlocked = sessionForOrder(false);

/**
 * What placing an order needs to know about its session, read inside the
 * placing transaction. `lock` (PostgreSQL) takes a share lock on the session
 * row: a concurrent close (which locks it for update) waits for the order to
 * commit, or the order sees the session closed — an order never lands in a
 * closed session. It takes one on the restaurant row too: a menu change
 * (whose trigger bumps `menu_version` there) waits for the order, or the
 * order reads the new version — an order is never priced from a menu that
 * changed before it committed.
 */
export async function findSessionForOrder(db: Kysely<Database>, restaurantId: string, sessionId: string, lock = false) {
  const [row] = await (lock ? sessionForOrderLocked : sessionForOrderUnlocked)(db, { restaurantId, sessionId });
  return row && { ...row, orderedCents: Number(row.orderedCents ?? 0) };
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
    .values({ restaurant_id: p.restaurantId, last_number: 1, line_seq: 1 })
    .onConflict((oc) =>
      oc.column('restaurant_id').doUpdateSet({
        last_number: sql<number>`order_counters.last_number + 1`,
        line_seq: sql<number>`order_counters.line_seq + 1`,
      }),
    )
    .returning(['last_number', 'line_seq']),
);

/**
 * The next order number of the restaurant, and the line-change sequence its
 * lines are stamped with. The counter row is the hottest row of all (every
 * order of the restaurant updates it and PostgreSQL keeps it locked until
 * commit), so callers take it as late as they can.
 */
export async function nextOrderNumber(
  db: Kysely<Database>,
  restaurantId: string,
): Promise<{ number: number; seq: number }> {
  const [row] = await bumpOrderCounter(db, { restaurantId });
  if (!row) throw new Error('order counter upsert returned nothing');
  return { number: row.last_number, seq: row.line_seq };
}

const bumpLineSeq = precompiled((db, p: { restaurantId: string }) =>
  db
    .insertInto('order_counters')
    .values({ restaurant_id: p.restaurantId, last_number: 0, line_seq: 1 })
    .onConflict((oc) => oc.column('restaurant_id').doUpdateSet({ line_seq: sql<number>`order_counters.line_seq + 1` }))
    .returning('line_seq'),
);

/**
 * The next line-change sequence of the restaurant, for a change a kitchen
 * screen shows. Taken in the changing transaction and, on PostgreSQL, held
 * locked until it commits: so sequence order is commit order and a reader
 * that saw sequence N has seen every change up to N.
 */
export async function nextLineSeq(db: Kysely<Database>, restaurantId: string): Promise<number> {
  const [row] = await bumpLineSeq(db, { restaurantId });
  if (!row) throw new Error('line sequence upsert returned nothing');
  return row.line_seq;
}

const readLineSeq = precompiled((db, p: { restaurantId: string }) =>
  db.selectFrom('order_counters').select('line_seq').where('restaurant_id', '=', p.restaurantId),
);

/** The restaurant's line-change sequence as committed now (0 before its first order). */
export async function currentLineSeq(db: Kysely<Database>, restaurantId: string): Promise<number> {
  const [row] = await readLineSeq(db, { restaurantId });
  return row?.line_seq ?? 0;
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
    version: p.version,
  }),
);

const insertOrderLineRow = precompiled((db, p: OrderLineRow) =>
  db.insertInto('order_lines').values({
    id: p.id,
    restaurant_id: p.restaurant_id,
    order_id: p.order_id,
    session_id: p.session_id,
    station_id: p.station_id,
    menu_item_id: p.menu_item_id,
    guest_id: p.guest_id,
    position: p.position,
    name: p.name,
    quantity: p.quantity,
    unit_price_cents: p.unit_price_cents,
    options: p.options,
    note: p.note,
    status: p.status,
    status_changed_at: p.status_changed_at,
    cancel_reason: p.cancel_reason,
    seq: p.seq,
    course: p.course,
    held: p.held as 0 | 1,
    fired_at: p.fired_at,
    started_at: p.started_at,
    ready_at: p.ready_at,
    served_at: p.served_at,
    status_by: p.status_by,
  }),
);

const billOnTableCart = precompiled((db, p: { id: string; restaurantId: string; sessionId: string; cents: number }) =>
  db
    .insertInto('carts')
    .values({
      id: p.id,
      restaurant_id: p.restaurantId,
      session_id: p.sessionId,
      owner: 'TABLE',
      version: 0,
      ordered_cents: p.cents,
    })
    .onConflict((oc) =>
      oc
        .columns(['session_id', 'owner'])
        .doUpdateSet({ ordered_cents: sql<number>`carts.ordered_cents + excluded.ordered_cents` }),
    ),
);

/**
 * Counts a waiter's order in the session's bill: on the table's cart (made if
 * the session has none, as in INDIVIDUAL mode), whose version it leaves alone
 * — its lines did not change. Guest orders count on their own cart as they
 * take its lines (`writeGuestOrder`).
 */
export async function addToTableBill(
  db: Kysely<Database>,
  at: { restaurantId: string; sessionId: string },
  cents: number,
): Promise<void> {
  await billOnTableCart(db, { id: newId(), restaurantId: at.restaurantId, sessionId: at.sessionId, cents });
}

/** An order as it is written: every row but the number, which the counter gives at write time. */
export interface OrderWrite {
  order: Omit<OrderRow, 'number'>;
  lines: readonly OrderLineRow[];
  audit: AuditRow;
}

/**
 * Writes the order, its lines and its audit entry in the caller's
 * transaction, numbering it from the restaurant's counter. The counter is
 * the hottest row of all (PostgreSQL keeps it locked until commit), so it is
 * taken after the audit entry, as late as the order row allows.
 */
export async function insertNumberedOrder(db: Kysely<Database>, w: OrderWrite): Promise<OrderRow> {
  await insertAuditRow(db, w.audit);
  const { number, seq } = await nextOrderNumber(db, w.order.restaurant_id);
  const order: OrderRow = { ...w.order, number };
  await insertOrderRow(db, order);
  for (const line of w.lines) await insertOrderLineRow(db, { ...line, seq });
  return order;
}

/**
 * What placing a guest order reads, in one statement: who the guest token
 * belongs to (the route checks the token here rather than in a lookup of its
 * own), the session, the guest's cart with its lines, and the key's earlier
 * use. The cart is the one `cartRefOf` names: the table's in FAMILY mode,
 * the guest's own in INDIVIDUAL mode.
 */
const orderContext = precompiled((db, p: { tokenHash: string; now: string; key: string }) =>
  db
    .selectFrom('guest_tokens as t')
    .innerJoin('guests as g', 'g.id', 't.guest_id')
    .innerJoin('table_sessions as s', 's.id', 't.session_id')
    .innerJoin('restaurants as r', 'r.id', 's.restaurant_id')
    .leftJoin('carts as c', (join) =>
      join
        .onRef('c.session_id', '=', 's.id')
        .on(sql<boolean>`c.owner = case when s.mode = 'FAMILY' then 'TABLE' else g.id end`),
    )
    .leftJoin('cart_lines as l', 'l.cart_id', 'c.id')
    // At most one: (session_id, idempotency_key) is unique.
    .leftJoin('orders as o', (join) => join.onRef('o.session_id', '=', 's.id').on('o.idempotency_key', '=', p.key))
    .select((eb) => [
      'g.id as guestId',
      'g.name as guestName',
      's.id as sessionId',
      's.restaurant_id as restaurantId',
      's.mode',
      's.status',
      's.table_id as tableId',
      'r.order_approval as orderApproval',
      'r.menu_version as menuVersion',
      'c.id as cartId',
      'c.version as cartVersion',
      'l.id as lineId',
      'l.guest_id as lineGuestId',
      'l.menu_item_id as menuItemId',
      'l.quantity',
      'l.option_ids as optionIds',
      'l.note',
      'l.course',
      'o.id as replayId',
      'o.request_hash as replayHash',
      orderedCentsOf(eb).as('sessionOrderedCents'),
      eb
        .exists(
          eb
            .selectFrom('orders as other')
            .select('other.id')
            .whereRef('other.restaurant_id', '=', 's.restaurant_id')
            .where('other.idempotency_key', '=', p.key)
            .whereRef('other.session_id', '<>', 's.id'),
        )
        .as('keyElsewhere'),
    ])
    .where('t.token_hash', '=', p.tokenHash)
    .where('t.expires_at', '>', p.now)
    .orderBy('l.created_at')
    .orderBy('l.id'),
);

export interface OrderContext {
  /** Whose token it is, with the session it joined. */
  guest: GuestIdentity;
  /** `orderedCents`: what the session's orders total as placed. */
  session: { orderApproval: boolean; menuVersion: number; orderedCents: number };
  /** The cart row and the version its lines were read at; undefined before the cart's first change. */
  cart: { id: string; version: number } | undefined;
  lines: StoredCartLine[];
  /** This session's order under the key, if any. */
  replay: { id: string; requestHash: string } | undefined;
  /** The key was used by another session of the restaurant. */
  keyElsewhere: boolean;
}

/**
 * Everything a guest order is decided on, read in one statement (one
 * consistent snapshot, one round trip); undefined when the guest token is
 * unknown or expired or its session is no longer OPEN. `writeGuestOrder`
 * then commits only if the cart is still at the version read here.
 */
export async function readOrderContext(
  db: Kysely<Database>,
  at: { guestToken: string; key: string },
): Promise<OrderContext | undefined> {
  const rows = await orderContext(db, { tokenHash: sha256(at.guestToken), now: nowIso(), key: at.key });
  const first = rows[0];
  // Checked here rather than in the statement, as for every guest request (see findGuestByToken).
  if (first?.status !== 'OPEN') return undefined;
  return {
    guest: {
      guestId: first.guestId,
      name: first.guestName,
      sessionId: first.sessionId,
      restaurantId: first.restaurantId,
      tableId: first.tableId,
      mode: first.mode as SessionMode,
      menuVersion: first.menuVersion,
    },
    session: {
      orderApproval: Boolean(first.orderApproval),
      menuVersion: first.menuVersion,
      orderedCents: Number(first.sessionOrderedCents ?? 0),
    },
    cart:
      first.cartId === null || first.cartVersion === null
        ? undefined
        : { id: first.cartId, version: first.cartVersion },
    lines: storedLinesOf(rows),
    replay: first.replayId && first.replayHash ? { id: first.replayId, requestHash: first.replayHash } : undefined,
    keyElsewhere: Boolean(first.keyElsewhere),
  };
}

interface GuestOrderParams {
  restaurantId: string;
  cartId: string;
  cartVersion: number;
  menuVersion: number;
  sessionId: string;
  /** The most the session's orders may total before this one (the bill bound less this order's total). */
  orderedCentsMax: number;
  /** This order's total, added to what the cart has had ordered. */
  orderCents: number;
  order: string;
  lines: string;
  audit: string;
}

/**
 * PostgreSQL: the whole guest order as one statement, its own transaction.
 * The cart's version moves only if it is still the one read, the menu is
 * still at the version the order was priced from and the session's orders
 * still leave room for this one under the bill bound (compare and set; a
 * concurrent change or order of the same cart, a menu change or another
 * cart's order makes it match nothing), and every other write hangs off that
 * row, so nothing is written unless it moved. One statement is one round trip and holds the hot
 * counter row only for its own commit. Rows arrive as JSON shaped like the
 * tables, so the statement text never depends on the number of lines.
 */
const writeGuestOrderPostgres = precompiled(
  (_db, p: GuestOrderParams) =>
    sql<{ version: number; number: number }>`
    with bumped as (
      update carts set version = version + 1, ordered_cents = ordered_cents + ${p.orderCents}
      where restaurant_id = ${p.restaurantId} and id = ${p.cartId} and version = ${p.cartVersion}
        and (select menu_version from restaurants where id = ${p.restaurantId}) = ${p.menuVersion}
        and (select coalesce(sum(ordered_cents), 0) from carts where session_id = ${p.sessionId})
          <= ${p.orderedCentsMax}
      returning version
    ), taken as (
      delete from cart_lines
      where restaurant_id = ${p.restaurantId} and cart_id = ${p.cartId} and exists (select 1 from bumped)
    ), counter as (
      insert into order_counters (restaurant_id, last_number, line_seq)
      select ${p.restaurantId}, 1, 1 from bumped
      on conflict (restaurant_id) do update
        set last_number = order_counters.last_number + 1, line_seq = order_counters.line_seq + 1
      returning last_number, line_seq
    ), placed as (
      insert into orders (id, restaurant_id, session_id, table_id, number, approval, source, guest_id, staff_id,
        idempotency_key, request_hash, total_cents, reject_reason, created_at, decided_at, decided_by, version)
      select o.id, o.restaurant_id, o.session_id, o.table_id, counter.last_number, o.approval, o.source, o.guest_id,
        o.staff_id, o.idempotency_key, o.request_hash, o.total_cents, o.reject_reason, o.created_at, o.decided_at,
        o.decided_by, o.version
      from counter, json_populate_record(null::orders, ${p.order}::json) as o
      returning id
    ), placed_lines as (
      insert into order_lines
      select stamped.* from placed, counter, json_populate_recordset(null::order_lines, ${p.lines}::json) as l,
        lateral json_populate_record(l, json_build_object('seq', counter.line_seq)) as stamped
    ), audited as (
      insert into audit_log
      select a.* from placed, json_populate_record(null::audit_log, ${p.audit}::json) as a
    )
    select bumped.version, counter.last_number as number from bumped, counter`,
);

/**
 * Takes the cart's lines into a numbered order, if and only if the cart is
 * still at `cartVersion`, the menu at `menuVersion` (what the order was
 * checked and priced against) and the session's orders total at most
 * `orderedCentsMax`: undefined otherwise (the caller reads again, as for any
 * cart change, and decides on what it reads). PostgreSQL does it in one statement; SQLite, whose transactions
 * run one at a time in this process, in one short transaction. Either way,
 * a unique violation means the (session, key) was taken meanwhile.
 */
export async function writeGuestOrder(
  db: Kysely<Database>,
  dialect: DialectName,
  w: OrderWrite & { cartId: string; cartVersion: number; menuVersion: number; orderedCentsMax: number },
): Promise<{ order: OrderRow; version: number } | undefined> {
  const restaurantId = w.order.restaurant_id;
  if (dialect === 'postgres') {
    const [row] = await writeGuestOrderPostgres(db, {
      restaurantId,
      cartId: w.cartId,
      cartVersion: w.cartVersion,
      menuVersion: w.menuVersion,
      sessionId: w.order.session_id,
      orderedCentsMax: w.orderedCentsMax,
      orderCents: w.order.total_cents,
      order: JSON.stringify(w.order),
      lines: JSON.stringify(w.lines),
      audit: JSON.stringify(w.audit),
    });
    return row && { order: { ...w.order, number: row.number }, version: row.version };
  }
  return inTransaction(db, async (tx) => {
    const [bumped] = await bumpCartIfAt(tx, {
      restaurantId,
      cartId: w.cartId,
      version: w.cartVersion,
      menuVersion: w.menuVersion,
      sessionId: w.order.session_id,
      orderedCentsMax: w.orderedCentsMax,
      orderCents: w.order.total_cents,
    });
    if (!bumped) return undefined;
    await clearCartLines(tx, { restaurantId, cartId: w.cartId });
    return { order: await insertNumberedOrder(tx, w), version: bumped.version };
  });
}

/** SQLite's half of the compare and set in `writeGuestOrderPostgres`: cart, menu and bill all still as read. */
const bumpCartIfAt = precompiled(
  (
    db,
    p: {
      restaurantId: string;
      cartId: string;
      version: number;
      menuVersion: number;
      sessionId: string;
      orderedCentsMax: number;
      orderCents: number;
    },
  ) =>
    db
      .updateTable('carts')
      .set((eb) => ({ version: eb('version', '+', 1), ordered_cents: eb('ordered_cents', '+', p.orderCents) }))
      .where('restaurant_id', '=', p.restaurantId)
      .where('id', '=', p.cartId)
      .where('version', '=', p.version)
      .where(
        (eb) => eb.selectFrom('restaurants').select('menu_version').where('id', '=', p.restaurantId),
        '=',
        p.menuVersion,
      )
      .where(
        (eb) =>
          eb
            .selectFrom('carts as billed')
            .select((o) => o.fn.coalesce(o.fn.sum<number>('billed.ordered_cents'), o.lit(0)).as('cents'))
            .where('billed.session_id', '=', p.sessionId),
        '<=',
        p.orderedCentsMax,
      )
      .returning('version'),
);

const clearCartLines = precompiled((db, p: { restaurantId: string; cartId: string }) =>
  db.deleteFrom('cart_lines').where('restaurant_id', '=', p.restaurantId).where('cart_id', '=', p.cartId),
);

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
