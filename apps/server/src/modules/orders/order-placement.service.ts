import { LIMITS, type Order, type PlaceStaffOrderRequest } from '@plato/contracts';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { newId, nowIso, sha256 } from '../../db/ids.ts';
import type { Database } from '../../db/schema.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError, guestUnauthenticated, notFound } from '../../errors.ts';
import type { RequestOrigin } from '../../http/request-context.ts';
import type { AuthenticatedStaff } from '../../http/access.ts';
import { type AuditActor, auditRow } from '../audit/audit.repository.ts';
import { cartRefOf, emptyCart, liveOwnerOf, moneyBoundExceeded } from '../cart/cart.service.ts';
import {
  type FactItem,
  type LineChoice,
  loadMenuFacts,
  priceLine,
  requireOrderable,
  requireStillOrderable,
} from '../cart/menu-snapshot.ts';
import { toOrder, toOrderLine } from './orders.presenters.ts';
import {
  type OrderLineRow,
  type OrderWrite,
  addToTableBill,
  findOrdersByKey,
  findSessionForOrder,
  insertNumberedOrder,
  readOrderContext,
  writeGuestOrder,
} from './orders.repository.ts';
import { loadOrder } from './orders.service.ts';

/** A placement answers the new order (201) or, for a repeated Idempotency-Key, the first one (200). */
export interface Placed {
  order: Order;
  created: boolean;
}

/** What a waiter's request is remembered by under its key: the lines it asked for (options sorted). */
export function requestHashOf(lines: readonly LineChoice[]): string {
  // The course joins the hash only when it is not the first, so keys remembered before courses existed still match.
  const canonical = lines.map((l) => {
    const line: unknown[] = [l.menuItemId, l.quantity, [...l.optionIds].sort(), l.note];
    if (l.course !== undefined && l.course !== 1) line.push(l.course);
    return line;
  });
  return sha256(JSON.stringify({ lines: canonical }));
}

/**
 * What a guest's request is remembered by under its key: what the client
 * sent (the cart version it saw, if it sent one), never what the cart holds
 * when the request arrives, and which cart it orders (the table's, or in
 * INDIVIDUAL mode the guest's own: another guest's key is not this one's). A
 * retry must find the first order even after a table-mate changed the cart;
 * hashing the cart would answer it 409 and push the client to a new key,
 * which would order the table-mate's lines.
 */
export function guestRequestHashOf(cartOwner: string, cartVersion: number | undefined): string {
  return sha256(JSON.stringify({ cart: cartOwner, cartVersion: cartVersion ?? null }));
}

const conflict = () =>
  new AppError(
    'IDEMPOTENCY_CONFLICT',
    'This Idempotency-Key was already used for another request (a different body, or another session); ' +
      'resend the first request unchanged to get its order',
  );

/** Where a key was used before: this session's order under it, and whether another session of the restaurant used it. */
interface KeyUse {
  mine: { id: string; requestHash: string } | undefined;
  elsewhere: boolean;
}

/**
 * The order a repeated key stands for: its id when the key was used in this
 * session for a request `isSameRequest` accepts; 409 when it was used for
 * another request or in another session; undefined for a fresh key.
 */
function replayOf(use: KeyUse, isSameRequest: (requestHash: string) => boolean): string | undefined {
  if (use.mine && isSameRequest(use.mine.requestHash)) return use.mine.id;
  if (use.mine || use.elsewhere) throw conflict();
  return undefined;
}

/** `replayOf` for a key looked up on its own (staff orders, and after a race on the unique index). */
async function replayedOrderId(
  db: Kysely<Database>,
  at: { restaurantId: string; sessionId: string; key: string },
  isSameRequest: (requestHash: string) => boolean,
): Promise<string | undefined> {
  const previous = await findOrdersByKey(db, at.restaurantId, at.key);
  const mine = previous.find((o) => o.session_id === at.sessionId);
  return replayOf(
    {
      mine: mine && { id: mine.id, requestHash: mine.request_hash },
      elsewhere: previous.some((o) => o.session_id !== at.sessionId),
    },
    isSameRequest,
  );
}

/**
 * Two requests with one key that did not queue on the same cart row (a
 * waiter's retries, or INDIVIDUAL guests) can both reach the insert; the
 * unique (session, key) index lets one win and the loser answers as a repeat.
 */
async function afterRace(
  ctx: AppContext,
  at: { restaurantId: string; sessionId: string; key: string },
  isSameRequest: (requestHash: string) => boolean,
  err: unknown,
): Promise<Placed> {
  const id = await replayedOrderId(ctx.db, at, isSameRequest);
  if (!id) throw err;
  return { order: await loadOrder(ctx.db, at.restaurantId, id), created: false };
}

interface NewOrder {
  restaurantId: string;
  sessionId: string;
  tableId: string;
  source: 'GUEST' | 'STAFF';
  guestId: string | null;
  staffId: string | null;
  approval: 'PENDING' | 'NOT_REQUIRED';
  key: string;
  requestHash: string;
  lines: { item: FactItem; choice: LineChoice; guestId: string | null }[];
}

/** The rows an order is stored as: names, prices and options snapshotted from today's menu, and its audit entry. */
function orderRowsOf(o: NewOrder, actor: AuditActor): OrderWrite {
  const id = newId();
  const at = nowIso();
  // A pending order reaches the kitchen when a waiter accepts it; a later course when a waiter fires it.
  const sent = o.approval !== 'PENDING';
  const lines: OrderLineRow[] = o.lines.map(({ item, choice, guestId }, position) => {
    const priced = priceLine(item, choice);
    const course = choice.course ?? 1;
    const held = course > 1;
    return {
      id: newId(),
      restaurant_id: o.restaurantId,
      order_id: id,
      session_id: o.sessionId,
      station_id: priced.stationId,
      menu_item_id: priced.menuItemId,
      guest_id: guestId,
      position,
      name: priced.name,
      quantity: priced.quantity,
      unit_price_cents: priced.unitPriceCents,
      options: JSON.stringify(priced.options),
      note: priced.note,
      status: 'NEW',
      status_changed_at: at,
      cancel_reason: null,
      // Stamped with the restaurant's line-change sequence when written.
      seq: 0,
      course,
      held: held ? 1 : 0,
      fired_at: sent && !held ? at : null,
      started_at: null,
      ready_at: null,
      served_at: null,
      status_by: null,
    };
  });
  const totalCents = lines.reduce((sum, l) => sum + l.unit_price_cents * l.quantity, 0);
  return {
    order: {
      id,
      restaurant_id: o.restaurantId,
      session_id: o.sessionId,
      table_id: o.tableId,
      approval: o.approval,
      source: o.source,
      guest_id: o.guestId,
      staff_id: o.staffId,
      idempotency_key: o.key,
      request_hash: o.requestHash,
      total_cents: totalCents,
      reject_reason: null,
      created_at: at,
      decided_at: null,
      decided_by: null,
      version: 0,
    },
    lines,
    audit: auditRow({
      restaurantId: o.restaurantId,
      actor,
      action: 'order.placed',
      entityType: 'order',
      entityId: id,
      data: { sessionId: o.sessionId, source: o.source, approval: o.approval, lines: lines.length, totalCents },
    }),
  };
}

/**
 * An order must keep within the money bounds (LIMITS): its own total, and
 * with the session's earlier orders the bill's. 400 naming `path` (what the
 * client must change: the cart, or a waiter's lines), nothing written: no
 * retry of the same request can succeed, so not CONFLICT.
 */
function requireOrderWithinBounds(rows: OrderWrite, orderedCents: number, path: string): void {
  const total = rows.order.total_cents;
  if (total > LIMITS.orderTotalCentsMax) {
    throw moneyBoundExceeded(
      path,
      `the order would total ${total}, more than one order may (${LIMITS.orderTotalCentsMax} in minor units)`,
    );
  }
  if (orderedCents + total > LIMITS.billTotalCentsMax) {
    throw moneyBoundExceeded(
      path,
      `the session's orders would total ${orderedCents + total}, more than one bill may ` +
        `(${LIMITS.billTotalCentsMax} in minor units)`,
    );
  }
}

/** After commit: the floor's tables changed, and an order that needs no approval reached the kitchen. */
function announcePlaced(ctx: AppContext, restaurantId: string, order: Order, approval: string): void {
  void ctx.events.emit('table.changed', { restaurantId, tableIds: [order.tableId] });
  if (approval === 'PENDING') return;
  const lineIds = order.lines.map((l) => l.id);
  void ctx.events.emit('order.lines.changed', {
    restaurantId,
    sessionId: order.sessionId,
    orderId: order.id,
    lineIds,
    change: 'SENT',
  });
}

/** Reads and writes of one guest order are retried this often when its cart keeps changing in between. */
const MAX_PLACEMENT_ATTEMPTS = 5;

/**
 * A guest orders their cart (FAMILY: the table's, INDIVIDUAL: their own).
 * Everything is decided on one read (the guest token, the session, the cart
 * and its lines, the key's earlier use); prices and availability come from
 * the menu as it is now; the write then takes the lines, bumps the cart's
 * version and records the numbered order all or nothing — and only if the
 * cart is still at the version read, else it reads again. So concurrent
 * orders (or a cart change) on one cart never both take its lines, a
 * repeated key with the same body answers the first order (whatever the
 * cart holds by then), and a
 * session closed meanwhile (closing bumps its carts) takes no order.
 */
export async function placeGuestOrder(
  ctx: AppContext,
  guestToken: string,
  request: { key: string; cartVersion?: number | undefined },
  origin: RequestOrigin,
): Promise<Placed> {
  for (let attempt = 1; ; attempt++) {
    const read = await readOrderContext(ctx.db, { guestToken, key: request.key });
    if (!read) {
      // The token was good when this order first read it: its session closed since.
      if (attempt > 1) throw new AppError('SESSION_CLOSED', 'The table session is closed');
      throw guestUnauthenticated();
    }
    const { guest, cart, lines, session } = read;
    const { restaurantId, sessionId } = guest;
    const hash = guestRequestHashOf(cartRefOf(guest).owner, request.cartVersion);
    const replay = replayOf({ mine: read.replay, elsewhere: read.keyElsewhere }, (h) => h === hash);
    if (replay) return { order: await loadOrder(ctx.db, restaurantId, replay), created: false };
    if (!cart || lines.length === 0) throw new AppError('CART_EMPTY', 'The cart is empty: there is nothing to order');
    const itemIds = lines.map((l) => l.menuItemId);
    const items = requireStillOrderable(await loadMenuFacts(ctx.db, restaurantId, itemIds, session.menuVersion), lines);

    const actor: AuditActor = { type: 'GUEST', id: guest.guestId, label: guest.name, ...origin };
    const rows = orderRowsOf(
      {
        restaurantId,
        sessionId,
        tableId: guest.tableId,
        source: 'GUEST',
        guestId: guest.guestId,
        staffId: null,
        approval: session.orderApproval ? 'PENDING' : 'NOT_REQUIRED',
        key: request.key,
        requestHash: hash,
        lines: lines.map((l, i) => ({ item: items[i]!, choice: l, guestId: l.guestId })),
      },
      actor,
    );
    requireOrderWithinBounds(rows, session.orderedCents, 'cart');
    let written;
    try {
      written = await writeGuestOrder(ctx.db, ctx.dialect, {
        ...rows,
        cartId: cart.id,
        cartVersion: cart.version,
        menuVersion: session.menuVersion,
        orderedCentsMax: LIMITS.billTotalCentsMax - rows.order.total_cents,
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      return afterRace(ctx, { restaurantId, sessionId, key: request.key }, (h) => h === hash, err);
    }
    if (!written) {
      if (attempt < MAX_PLACEMENT_ATTEMPTS) continue;
      throw new AppError('CONFLICT', 'The cart kept changing while the order was placed; try again');
    }
    const order = toOrder(written.order, rows.lines.map(toOrderLine));
    ctx.metrics.orderPlaced('guest');
    ctx.live.orderPlaced(restaurantId, order);
    ctx.live.cartUpdated(sessionId, liveOwnerOf(cartRefOf(guest)), emptyCart(written.version));
    announcePlaced(ctx, restaurantId, order, rows.order.approval);
    return { order, created: true };
  }
}

/**
 * A waiter orders for the table (guests without a phone): the same checks
 * and snapshots as a guest order, no approval needed, and the key is
 * remembered with a hash of the body (same key, other body → 409).
 */
export async function placeStaffOrder(
  ctx: AppContext,
  staff: AuthenticatedStaff,
  sessionId: string,
  request: { key: string; body: PlaceStaffOrderRequest },
  actor: AuditActor,
): Promise<Placed> {
  const { restaurantId } = staff;
  const choices: LineChoice[] = request.body.lines.map((l) => ({
    menuItemId: l.menuItemId,
    quantity: l.quantity,
    optionIds: l.optionIds,
    note: l.note ?? '',
    course: l.course,
  }));
  const hash = requestHashOf(choices);
  const at = { restaurantId, sessionId, key: request.key };
  const sameBody = (h: string) => h === hash;
  try {
    return await inTransaction(ctx.db, async (tx, afterCommit) => {
      const session = await findSessionForOrder(tx, restaurantId, sessionId, ctx.dialect === 'postgres');
      if (!session) throw notFound('Session');
      const replay = await replayedOrderId(tx, at, sameBody);
      if (replay) return { order: await loadOrder(tx, restaurantId, replay), created: false };
      if (session.status !== 'OPEN') throw new AppError('SESSION_CLOSED', 'The table session is closed');

      const itemIds = choices.map((c) => c.menuItemId);
      const items = requireOrderable(
        await loadMenuFacts(tx, restaurantId, itemIds, session.menuVersion),
        choices,
        (i) => `body.lines.${i}`,
      );
      const rows = orderRowsOf(
        {
          restaurantId,
          sessionId,
          tableId: session.tableId,
          source: 'STAFF',
          guestId: null,
          staffId: staff.id,
          approval: 'NOT_REQUIRED',
          key: request.key,
          requestHash: hash,
          lines: choices.map((choice, i) => ({ item: items[i]!, choice, guestId: null })),
        },
        actor,
      );
      requireOrderWithinBounds(rows, session.orderedCents, 'body.lines');
      const order = toOrder(await insertNumberedOrder(tx, rows), rows.lines.map(toOrderLine));
      await addToTableBill(tx, { restaurantId, sessionId }, rows.order.total_cents);
      afterCommit(() => {
        ctx.metrics.orderPlaced('staff');
        ctx.live.orderPlaced(restaurantId, order);
        announcePlaced(ctx, restaurantId, order, 'NOT_REQUIRED');
      });
      return { order, created: true };
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    return afterRace(ctx, at, sameBody, err);
  }
}
