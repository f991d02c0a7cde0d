import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { newId, nowIso, sha256 } from '../../apps/server/src/db/ids.ts';
import { precompiled } from '../../apps/server/src/db/precompiled.ts';
import type { Database } from '../../apps/server/src/db/schema.ts';
import { insertBareOrder } from './baseline-apps.ts';

/**
 * The guest bench's yardstick: a bare Fastify app on the database Plato's
 * run set up (same rows, same guest cookies), serving the phone's three
 * routes with only the work they cannot do without — the guest-cookie lookup
 * (SHA-256 of the token → guest and session row) on every request; for the
 * menu the bytes Plato answered, as they were (same encoding, same ETag),
 * and 304 to a matching If-None-Match; for a cart add the line insert and
 * the cart's version bump; for an order the cart's lines read, the order
 * and its lines inserted and the cart emptied. No validation, rules, audit,
 * pricing or live events; order numbers come from memory.
 */

/** The menu answer to replay, as the parent captured it from Plato (a JSON file, the body in base64). */
export interface CapturedMenu {
  bodyBase64: string;
  /** Plato's content-type, content-encoding, cache-control, vary and etag, as it sent them. */
  headers: Record<string, string>;
  /** Plato's ETag, or one made from the bytes when Plato sent none (then only the 304 phase sends it). */
  etag: string;
}

const GUEST_COOKIE = /(?:^|;\s*)plato_guest=([^;]+)/;

const selectGuest = precompiled((db, p: { tokenHash: string; now: string }) =>
  db
    .selectFrom('guest_tokens as t')
    .innerJoin('guests as g', 'g.id', 't.guest_id')
    .innerJoin('table_sessions as s', 's.id', 't.session_id')
    .select(['g.id as guestId', 's.id as sessionId', 's.restaurant_id as restaurantId', 's.table_id as tableId'])
    .select(['s.mode', 's.status'])
    .where('t.token_hash', '=', p.tokenHash)
    .where('t.expires_at', '>', p.now),
);

const bumpCart = precompiled((db, p: { sessionId: string; owner: string }) =>
  db
    .updateTable('carts')
    .set((eb) => ({ version: eb('version', '+', 1) }))
    .where('session_id', '=', p.sessionId)
    .where('owner', '=', p.owner)
    .returning(['id', 'version']),
);

const insertLine = precompiled(
  (
    db,
    p: {
      id: string;
      restaurantId: string;
      cartId: string;
      guestId: string;
      itemId: string;
      options: string;
      at: string;
    },
  ) =>
    db.insertInto('cart_lines').values({
      id: p.id,
      restaurant_id: p.restaurantId,
      cart_id: p.cartId,
      guest_id: p.guestId,
      menu_item_id: p.itemId,
      quantity: 1,
      option_ids: p.options,
      note: '',
      created_at: p.at,
    }),
);

const cartLines = precompiled((db, p: { cartId: string }) =>
  db
    .selectFrom('cart_lines as l')
    .innerJoin('menu_items as i', 'i.id', 'l.menu_item_id')
    .select(['l.menu_item_id as itemId', 'l.guest_id as guestId', 'l.quantity', 'l.option_ids as optionIds'])
    .select(['i.station_id as stationId', 'i.name', 'i.price_cents as priceCents'])
    .where('l.cart_id', '=', p.cartId)
    .orderBy('l.created_at'),
);

const clearCart = precompiled((db, p: { cartId: string }) =>
  db.deleteFrom('cart_lines').where('cart_id', '=', p.cartId),
);

interface Guest {
  guestId: string;
  sessionId: string;
  restaurantId: string;
  tableId: string;
  owner: string;
}

export async function buildBaselineGuest(db: Kysely<Database>, menuFile: string): Promise<FastifyInstance> {
  const menu = JSON.parse(readFileSync(menuFile, 'utf8')) as CapturedMenu;
  const menuBytes = Buffer.from(menu.bodyBase64, 'base64');
  const { max } = await db
    .selectFrom('orders')
    .select((eb) => eb.fn.max<number>('number').as('max'))
    .executeTakeFirstOrThrow();
  let orderNumber = Number(max ?? 0);
  const app = Fastify({ logger: false });

  /** The guest the cookie names, or a 401 sent. */
  const guestOf = async (request: FastifyRequest, reply: FastifyReply): Promise<Guest | undefined> => {
    const token = GUEST_COOKIE.exec(request.headers.cookie ?? '')?.[1];
    const [row] = token ? await selectGuest(db, { tokenHash: sha256(token), now: nowIso() }) : [];
    if (row?.status !== 'OPEN') {
      void reply.status(401).send({ status: 401, code: 'UNAUTHENTICATED' });
      return undefined;
    }
    return { ...row, owner: row.mode === 'FAMILY' ? 'TABLE' : row.guestId };
  };

  app.get('/api/v1/guest/menu', async (request, reply) => {
    if (!(await guestOf(request, reply))) return reply;
    if (request.headers['if-none-match'] === menu.etag) {
      return reply.status(304).header('etag', menu.etag).header('cache-control', 'no-cache').send();
    }
    return reply.headers(menu.headers).send(menuBytes);
  });

  app.post<{ Body: { menuItemId: string; optionIds?: string[] } }>(
    '/api/v1/guest/cart/lines',
    async (request, reply) => {
      const guest = await guestOf(request, reply);
      if (!guest) return reply;
      const { menuItemId, optionIds = [] } = request.body;
      const version = await db.transaction().execute(async (tx) => {
        let [cart] = await bumpCart(tx, { sessionId: guest.sessionId, owner: guest.owner });
        if (!cart) {
          await tx
            .insertInto('carts')
            .values({
              id: newId(),
              restaurant_id: guest.restaurantId,
              session_id: guest.sessionId,
              owner: guest.owner,
              version: 0,
            })
            .onConflict((oc) => oc.columns(['session_id', 'owner']).doNothing())
            .execute();
          [cart] = await bumpCart(tx, { sessionId: guest.sessionId, owner: guest.owner });
        }
        await insertLine(tx, {
          id: newId(),
          restaurantId: guest.restaurantId,
          cartId: cart!.id,
          guestId: guest.guestId,
          itemId: menuItemId,
          options: JSON.stringify(optionIds),
          at: nowIso(),
        });
        return cart!.version;
      });
      return { version };
    },
  );

  app.post('/api/v1/guest/orders', async (request, reply) => {
    const guest = await guestOf(request, reply);
    if (!guest) return reply;
    const id = newId();
    const at = nowIso();
    const order = await db.transaction().execute(async (tx) => {
      const [cart] = await bumpCart(tx, { sessionId: guest.sessionId, owner: guest.owner });
      const lines = cart ? await cartLines(tx, { cartId: cart.id }) : [];
      if (!cart || lines.length === 0) return undefined;
      await clearCart(tx, { cartId: cart.id });
      const number = ++orderNumber;
      const totalCents = lines.reduce((sum, l) => sum + l.priceCents * l.quantity, 0);
      await insertBareOrder(tx, {
        id,
        restaurantId: guest.restaurantId,
        sessionId: guest.sessionId,
        tableId: guest.tableId,
        number,
        guestId: guest.guestId,
        idempotencyKey: request.headers['idempotency-key']?.toString() ?? id,
        totalCents,
        at,
        lines: lines.map((l) => ({
          stationId: l.stationId,
          menuItemId: l.itemId,
          guestId: l.guestId,
          name: l.name,
          quantity: l.quantity,
          unitPriceCents: l.priceCents,
        })),
      });
      return { id, number, status: 'NEW', totalCents };
    });
    if (!order) return reply.status(409).send({ status: 409, code: 'CART_EMPTY' });
    return reply.status(201).send({ order });
  });
  return app;
}
