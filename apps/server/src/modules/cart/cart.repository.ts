import type { Kysely } from 'kysely';
import type { DialectName } from '../../db/database.ts';
import { newId, nowIso } from '../../db/ids.ts';
import { precompiled } from '../../db/precompiled.ts';
import type { Database } from '../../db/schema.ts';

/** A cart line as stored: what was chosen, not what it costs today. */
export interface StoredCartLine {
  id: string;
  /** The guest who added it. */
  guestId: string | null;
  menuItemId: string;
  quantity: number;
  optionIds: string[];
  note: string;
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
}

/** The cart row with its lines in one statement, so the version and the lines always belong together. */
const cartWithLines = precompiled((db, p: CartRef) =>
  db
    .selectFrom('carts as c')
    .leftJoin('cart_lines as l', 'l.cart_id', 'c.id')
    .select([
      'c.id as cartId',
      'c.version',
      'l.id',
      'l.guest_id as guestId',
      'l.menu_item_id as menuItemId',
      'l.quantity',
      'l.option_ids as optionIds',
      'l.note',
    ])
    .where('c.restaurant_id', '=', p.restaurantId)
    .where('c.session_id', '=', p.sessionId)
    .where('c.owner', '=', p.owner)
    .orderBy('l.created_at')
    .orderBy('l.id'),
);

type CartLineJoinRow = Awaited<ReturnType<typeof cartWithLines>>[number];

function toCartWithLines(rows: CartLineJoinRow[]): CartWithLines | undefined {
  const first = rows[0];
  if (!first) return undefined;
  const lines: StoredCartLine[] = [];
  for (const r of rows) {
    if (r.id === null || r.menuItemId === null || r.quantity === null) continue;
    const { id, guestId, menuItemId, quantity } = r;
    lines.push({ id, guestId, menuItemId, quantity, optionIds: parseIds(r.optionIds ?? '[]'), note: r.note ?? '' });
  }
  return { cart: { id: first.cartId, version: first.version }, lines };
}

export async function readCart(db: Kysely<Database>, ref: CartRef): Promise<CartWithLines | undefined> {
  return toCartWithLines(
    await cartWithLines(db, { restaurantId: ref.restaurantId, sessionId: ref.sessionId, owner: ref.owner }),
  );
}

/**
 * The cart and its lines, the cart row locked for the rest of the
 * transaction on PostgreSQL so that changes to one cart queue up. The lines
 * are read by a second statement there: a locking read that had to wait
 * sees the cart row as committed meanwhile, but joined rows as they were
 * when it started. SQLite transactions already run one at a time.
 */
const lockCartRow = precompiled((db, p: CartRef) =>
  db
    .selectFrom('carts')
    .select('id')
    .where('restaurant_id', '=', p.restaurantId)
    .where('session_id', '=', p.sessionId)
    .where('owner', '=', p.owner)
    .forUpdate(),
);

export async function lockCart(
  db: Kysely<Database>,
  dialect: DialectName,
  ref: CartRef,
): Promise<CartWithLines | undefined> {
  if (dialect === 'postgres') {
    const [row] = await lockCartRow(db, { restaurantId: ref.restaurantId, sessionId: ref.sessionId, owner: ref.owner });
    if (!row) return undefined;
  }
  return readCart(db, ref);
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
    createdAt: nowIso(),
  });
}

export async function updateCartLine(
  db: Kysely<Database>,
  restaurantId: string,
  lineId: string,
  patch: { quantity?: number | undefined; note?: string | undefined },
): Promise<void> {
  await db
    .updateTable('cart_lines')
    .set({
      ...(patch.quantity !== undefined && { quantity: patch.quantity }),
      ...(patch.note !== undefined && { note: patch.note }),
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

/** Every change to a cart bumps its version in the same transaction; the new version is returned. */
const bumpVersion = precompiled((db, p: { restaurantId: string; cartId: string }) =>
  db
    .updateTable('carts')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('restaurant_id', '=', p.restaurantId)
    .where('id', '=', p.cartId)
    .returning('version'),
);

export async function bumpCartVersion(db: Kysely<Database>, restaurantId: string, cartId: string): Promise<number> {
  const [row] = await bumpVersion(db, { restaurantId, cartId });
  if (!row) throw new Error(`cart ${cartId} vanished inside its own transaction`);
  return row.version;
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
