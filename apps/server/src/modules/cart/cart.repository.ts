import type { Kysely } from 'kysely';
import { newId, nowIso } from '../../db/ids.ts';
import { precompiled } from '../../db/precompiled.ts';
import type { Database } from '../../db/schema.ts';
import { OPEN } from '../../db/status-literals.ts';

/** A cart line as stored: what was chosen, not what it costs today. */
export interface StoredCartLine {
  id: string;
  /** The guest who added it. */
  guestId: string | null;
  menuItemId: string;
  quantity: number;
  optionIds: string[];
  note: string;
  /** 1 is "now"; a later course reaches the kitchen held. */
  course: number;
}

/** option_ids is JSON text written only by insertCartLine. */
const parseIds = (json: string): string[] => JSON.parse(json) as string[];

export interface CartRef {
  restaurantId: string;
  sessionId: string;
  /** 'TABLE' for the shared FAMILY cart, else the owning guest's id. */
  owner: string;
}

export interface CartRow {
  id: string;
  version: number;
}

/** Creates the cart if missing; a concurrent creator simply wins (the unique (session, owner) key). */
export async function ensureCart(db: Kysely<Database>, ref: CartRef): Promise<void> {
  await db
    .insertInto('carts')
    .values({ id: newId(), restaurant_id: ref.restaurantId, session_id: ref.sessionId, owner: ref.owner, version: 0 })
    .onConflict((oc) => oc.columns(['session_id', 'owner']).doNothing())
    .execute();
}

export interface CartWithLines {
  cart: CartRow;
  lines: StoredCartLine[];
  /** The restaurant's menu version at this read (menu-snapshot.ts checks its cached menu against it). */
  menuVersion: number;
}

/**
 * The cart row with its lines in one statement, so the version and the lines
 * always belong together, and the restaurant's menu version to price them by.
 */
const cartWithLines = precompiled((db, p: CartRef) =>
  db
    .selectFrom('carts as c')
    .innerJoin('restaurants as r', 'r.id', 'c.restaurant_id')
    .leftJoin('cart_lines as l', 'l.cart_id', 'c.id')
    .select([
      'c.id as cartId',
      'c.version',
      'r.menu_version as menuVersion',
      'l.id as lineId',
      'l.guest_id as lineGuestId',
      'l.menu_item_id as menuItemId',
      'l.quantity',
      'l.option_ids as optionIds',
      'l.note',
      'l.course',
    ])
    .where('c.restaurant_id', '=', p.restaurantId)
    .where('c.session_id', '=', p.sessionId)
    .where('c.owner', '=', p.owner)
    .orderBy('l.created_at')
    .orderBy('l.id'),
);

/** A cart line as a left join of the cart with its lines selects it (nulls: the cart has no lines). */
export interface CartLineColumns {
  lineId: string | null;
  lineGuestId: string | null;
  menuItemId: string | null;
  quantity: number | null;
  optionIds: string | null;
  note: string | null;
  course: number | null;
}

/** The stored lines of a cart read joined with its lines, one row per line (or one row of nulls). */
export function storedLinesOf(rows: readonly CartLineColumns[]): StoredCartLine[] {
  const lines: StoredCartLine[] = [];
  for (const r of rows) {
    if (r.lineId === null || r.menuItemId === null || r.quantity === null) continue;
    lines.push({
      id: r.lineId,
      guestId: r.lineGuestId,
      menuItemId: r.menuItemId,
      quantity: r.quantity,
      optionIds: parseIds(r.optionIds ?? '[]'),
      note: r.note ?? '',
      course: r.course ?? 1,
    });
  }
  return lines;
}

function toCartWithLines(rows: Awaited<ReturnType<typeof cartWithLines>>): CartWithLines | undefined {
  const first = rows[0];
  if (!first) return undefined;
  return {
    cart: { id: first.cartId, version: first.version },
    lines: storedLinesOf(rows),
    menuVersion: first.menuVersion,
  };
}

export async function readCart(db: Kysely<Database>, ref: CartRef): Promise<CartWithLines | undefined> {
  return toCartWithLines(
    await cartWithLines(db, { restaurantId: ref.restaurantId, sessionId: ref.sessionId, owner: ref.owner }),
  );
}

/**
 * Moves the cart to its next version and answers it; undefined when the
 * session has no such cart yet or is no longer OPEN. Every change to a cart
 * starts here, in its transaction: on PostgreSQL the update takes the cart's
 * row lock, so changes to one cart queue, and the lines read after it (a new
 * statement, a fresh snapshot) are the latest; SQLite transactions already
 * run one at a time. A change that is then refused rolls the bump back with
 * the rest.
 *
 * The session is checked here, inside the change's transaction, not only at
 * the token check before it: a close committing in between would otherwise
 * let a line land in a closed session. `lock` (PostgreSQL) takes a share
 * lock on the session row before the cart's (the order a close takes them
 * in), so a close waits for the change or the change sees it closed.
 */
const bumpCartOf = (lock: boolean) =>
  precompiled((db, p: CartRef) =>
    db
      .updateTable('carts')
      .set((eb) => ({ version: eb('version', '+', 1) }))
      .where('restaurant_id', '=', p.restaurantId)
      .where('session_id', '=', p.sessionId)
      .where('owner', '=', p.owner)
      .where((eb) => {
        const open = eb
          .selectFrom('table_sessions as s')
          .select('s.id')
          .whereRef('s.id', '=', 'carts.session_id')
          .where('s.status', '=', OPEN);
        return eb.exists(lock ? open.forShare() : open);
      })
      .returning(['id', 'version']),
  );
const bumpCartLocked = bumpCartOf(true);
const bumpCartUnlocked = bumpCartOf(false);

export async function bumpCart(db: Kysely<Database>, ref: CartRef, lock = false): Promise<CartRow | undefined> {
  const params = { restaurantId: ref.restaurantId, sessionId: ref.sessionId, owner: ref.owner };
  const [row] = await (lock ? bumpCartLocked : bumpCartUnlocked)(db, params);
  return row;
}

// Columns are named one by one: the parameter stand-ins cannot be spread.
const insertLine = precompiled(
  (
    db,
    p: {
      id: string;
      restaurantId: string;
      cartId: string;
      guestId: string | null;
      menuItemId: string;
      quantity: number;
      optionIds: string;
      note: string;
      course: number;
      createdAt: string;
    },
  ) =>
    db.insertInto('cart_lines').values({
      id: p.id,
      restaurant_id: p.restaurantId,
      cart_id: p.cartId,
      guest_id: p.guestId,
      menu_item_id: p.menuItemId,
      quantity: p.quantity,
      option_ids: p.optionIds,
      note: p.note,
      course: p.course,
      created_at: p.createdAt,
    }),
);

export async function insertCartLine(
  db: Kysely<Database>,
  at: { restaurantId: string; cartId: string },
  line: StoredCartLine,
): Promise<void> {
  await insertLine(db, {
    id: line.id,
    restaurantId: at.restaurantId,
    cartId: at.cartId,
    guestId: line.guestId,
    menuItemId: line.menuItemId,
    quantity: line.quantity,
    optionIds: JSON.stringify(line.optionIds),
    note: line.note,
    course: line.course,
    createdAt: nowIso(),
  });
}

export async function updateCartLine(
  db: Kysely<Database>,
  restaurantId: string,
  lineId: string,
  patch: { quantity?: number | undefined; note?: string | undefined; course?: number | undefined },
): Promise<void> {
  await db
    .updateTable('cart_lines')
    .set({
      ...(patch.quantity !== undefined && { quantity: patch.quantity }),
      ...(patch.note !== undefined && { note: patch.note }),
      ...(patch.course !== undefined && { course: patch.course }),
    })
    .where('restaurant_id', '=', restaurantId)
    .where('id', '=', lineId)
    .execute();
}

export async function deleteCartLines(
  db: Kysely<Database>,
  restaurantId: string,
  cartId: string,
  lineIds: readonly string[],
): Promise<void> {
  if (lineIds.length === 0) return;
  await db
    .deleteFrom('cart_lines')
    .where('restaurant_id', '=', restaurantId)
    .where('cart_id', '=', cartId)
    .where('id', 'in', lineIds)
    .execute();
}

/**
 * Moves every cart of the session to a new version. A guest order commits
 * only if its cart is still at the version it read, so a session change
 * that must not interleave with an order (closing it, moving it to another
 * table) does this first, in its own transaction: an order that read
 * before it then reads again and sees the change.
 */
export async function fenceSessionCarts(db: Kysely<Database>, restaurantId: string, sessionId: string): Promise<void> {
  await db
    .updateTable('carts')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('restaurant_id', '=', restaurantId)
    .where('session_id', '=', sessionId)
    .execute();
}
