import {
  type AddCartLineRequest,
  type Cart,
  type CartLine,
  LIMITS,
  type UpdateCartLineRequest,
} from '@plato/contracts';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.ts';
import { newId } from '../../db/ids.ts';
import type { Database } from '../../db/schema.ts';
import { inTransaction } from '../../db/transaction.ts';
import { AppError, notFound } from '../../errors.ts';
import type { CartOwner } from '../../realtime/live.ts';
import type { GuestIdentity } from '../sessions/guest-tokens.repository.ts';
import {
  type CartRef,
  type CartRow,
  type StoredCartLine,
  bumpCart,
  deleteCartLines,
  ensureCart,
  insertCartLine,
  readCart,
  updateCartLine,
} from './cart.repository.ts';
import { type MenuFacts, loadMenuFacts, priceLine, requireOrderable } from './menu-snapshot.ts';

/** FAMILY guests share the table's cart; in INDIVIDUAL mode each guest has their own. */
export function cartRefOf(guest: GuestIdentity): CartRef {
  return {
    restaurantId: guest.restaurantId,
    sessionId: guest.sessionId,
    owner: guest.mode === 'FAMILY' ? 'TABLE' : guest.guestId,
  };
}

/** Who hears `cart.updated` for a cart: the whole session, or just its owner. */
export const liveOwnerOf = (ref: CartRef): CartOwner => (ref.owner === 'TABLE' ? 'TABLE' : { guestId: ref.owner });

export const emptyCart = (version: number): Cart => ({ version, lines: [], totalCents: 0 });

/**
 * Stored lines priced from today's menu. A line whose item was deleted in
 * the meantime is left out (its row goes with the item); one whose item or
 * option was 86'd shows `available: false`.
 */
export function presentCart(version: number, lines: readonly StoredCartLine[], facts: MenuFacts): Cart {
  const shown: CartLine[] = [];
  for (const line of lines) {
    const item = facts.get(line.menuItemId);
    if (!item) continue;
    const priced = priceLine(item, line);
    shown.push({
      id: line.id,
      menuItemId: line.menuItemId,
      name: priced.name,
      quantity: line.quantity,
      options: priced.options,
      note: line.note,
      unitPriceCents: priced.unitPriceCents,
      lineTotalCents: priced.lineTotalCents,
      guestId: line.guestId,
      course: line.course,
      available: priced.available,
    });
  }
  return { version, lines: shown, totalCents: shown.reduce((sum, l) => sum + l.lineTotalCents, 0) };
}

/** The guest's cart as GET /guest/cart answers it (version 0 and no lines before the first change). */
export async function getCartForGuest(ctx: AppContext, guest: GuestIdentity): Promise<Cart> {
  const stored = await readCart(ctx.db, cartRefOf(guest));
  if (!stored) return emptyCart(0);
  const itemIds = stored.lines.map((l) => l.menuItemId);
  const facts = await loadMenuFacts(ctx.db, guest.restaurantId, itemIds, stored.menuVersion);
  return presentCart(stored.cart.version, stored.lines, facts);
}

/** 400 naming the field whose value would take the money past its bound; nothing is written. */
export function moneyBoundExceeded(path: string, message: string): AppError {
  return new AppError('VALIDATION_FAILED', `${path}: ${message}`, { errors: [{ path, message }] });
}

/**
 * A cart that grows (a line added, a quantity raised) must stay within the
 * money bounds (LIMITS: each line, the whole cart) so it can be ordered;
 * `path` names the field that made it grow. 400 rather than 409: no retry of
 * the same request can succeed (CONFLICT would tell the client to retry it
 * as it was); the client must ask for less.
 */
function requireWithinBounds(cart: Cart, path: string): void {
  const line = cart.lines.find((l) => l.lineTotalCents > LIMITS.lineTotalCentsMax);
  if (line) {
    throw moneyBoundExceeded(
      path,
      `"${line.name}" × ${line.quantity} would cost ${line.lineTotalCents}, more than one line may ` +
        `(${LIMITS.lineTotalCentsMax} in minor units)`,
    );
  }
  if (cart.totalCents > LIMITS.cartTotalCentsMax) {
    throw moneyBoundExceeded(
      path,
      `the cart would total ${cart.totalCents}, more than one cart may (${LIMITS.cartTotalCentsMax} in minor units)`,
    );
  }
}

type Change = (
  tx: Kysely<Database>,
  cart: CartRow,
  lines: StoredCartLine[],
  facts: MenuFacts,
) => Promise<StoredCartLine[]>;

/**
 * One cart change in one transaction: the cart moves to its next version
 * first (which queues changes to one cart, see `bumpCart`), its lines are
 * read, `change` rewrites them (facts cover the lines' items and
 * `newItemId`), and only after commit do the devices sharing the cart hear
 * the new state — the same cart the caller answers with. A refused change
 * rolls everything back, the version included.
 */
async function changeCart(ctx: AppContext, guest: GuestIdentity, change: Change, newItemId?: string): Promise<Cart> {
  const ref = cartRefOf(guest);
  return inTransaction(ctx.db, async (tx, afterCommit) => {
    const lock = ctx.dialect === 'postgres';
    // The cart usually exists (a FAMILY cart from the start), so it is created only when the bump finds nothing.
    let cart = await bumpCart(tx, ref, lock);
    if (!cart) {
      await ensureCart(tx, ref);
      cart = await bumpCart(tx, ref, lock);
    }
    // The token was good at the request's start; the session closed since (the bump checks it in this transaction).
    if (!cart) throw new AppError('SESSION_CLOSED', 'The table session is closed');
    const stored = await readCart(tx, ref);
    if (!stored) throw new Error('cart row missing right after ensureCart');
    const itemIds = stored.lines.map((l) => l.menuItemId);
    const facts = await loadMenuFacts(
      tx,
      ref.restaurantId,
      newItemId ? [...itemIds, newItemId] : itemIds,
      stored.menuVersion,
    );
    const after = await change(tx, cart, stored.lines, facts);
    const result = presentCart(cart.version, after, facts);
    // Only a change that raises the total (a line added, a quantity raised) can be what takes it past the bounds;
    // thrown inside the transaction, the refusal rolls back with the version bump.
    if (result.totalCents > presentCart(cart.version, stored.lines, facts).totalCents) {
      requireWithinBounds(result, 'body.quantity');
    }
    afterCommit(() => {
      ctx.live.cartUpdated(ref.sessionId, liveOwnerOf(ref), result);
      // The floor shows only whether a table is ordering (some cart has lines): a change that leaves this cart
      // as full or as empty as it was cannot change that, and would cost every waiter a floor read and an event.
      if ((stored.lines.length === 0) !== (after.length === 0)) {
        void ctx.events.emit('table.changed', { restaurantId: ref.restaurantId, tableIds: [guest.tableId] });
      }
    });
    return result;
  });
}

/** Adds a line the menu allows (404 unknown item, 400 bad choice, 409 86'd), remembering who added it. */
export async function addCartLine(ctx: AppContext, guest: GuestIdentity, body: AddCartLineRequest): Promise<Cart> {
  const choice = {
    menuItemId: body.menuItemId,
    quantity: body.quantity,
    optionIds: body.optionIds,
    note: body.note ?? '',
    course: body.course,
  };
  return changeCart(
    ctx,
    guest,
    async (tx, cart, lines, facts) => {
      requireOrderable(facts, [choice], () => 'body');
      if (lines.length >= LIMITS.cartMaxLines) {
        throw new AppError('CONFLICT', `A cart holds at most ${LIMITS.cartMaxLines} lines; order or remove some first`);
      }
      const line: StoredCartLine = { id: newId(), guestId: guest.guestId, ...choice };
      await insertCartLine(tx, { restaurantId: guest.restaurantId, cartId: cart.id }, line);
      return [...lines, line];
    },
    body.menuItemId,
  );
}

/** Another guest's INDIVIDUAL line, or one of another session, is simply not in this cart: 404. */
function lineIn(lines: readonly StoredCartLine[], lineId: string): StoredCartLine {
  const line = lines.find((l) => l.id === lineId);
  if (!line) throw notFound('Cart line');
  return line;
}

export async function changeCartLine(
  ctx: AppContext,
  guest: GuestIdentity,
  lineId: string,
  body: UpdateCartLineRequest,
): Promise<Cart> {
  return changeCart(ctx, guest, async (tx, _cart, lines) => {
    const line = lineIn(lines, lineId);
    await updateCartLine(tx, guest.restaurantId, lineId, body);
    const changed = {
      ...line,
      quantity: body.quantity ?? line.quantity,
      note: body.note ?? line.note,
      course: body.course ?? line.course,
    };
    return lines.map((l) => (l.id === lineId ? changed : l));
  });
}

export async function removeCartLine(ctx: AppContext, guest: GuestIdentity, lineId: string): Promise<Cart> {
  return changeCart(ctx, guest, async (tx, cart, lines) => {
    lineIn(lines, lineId);
    await deleteCartLines(tx, guest.restaurantId, cart.id, [lineId]);
    return lines.filter((l) => l.id !== lineId);
  });
}
