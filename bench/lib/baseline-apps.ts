import { randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { Server } from 'socket.io';
import { newId, nowIso, sha256 } from '../../apps/server/src/db/ids.ts';
import type { Database } from '../../apps/server/src/db/schema.ts';

/**
 * The yardsticks Plato is measured against, on the same machine in the same
 * run: a bare Fastify route doing one comparable insert transaction on the
 * same database (same Kysely dialect setup, same migrated schema), and a bare
 * Socket.IO server emitting to rooms. No validation, auth, audit or rules —
 * only the unavoidable work, so the ratio shows what Plato's work costs.
 */

export interface Fixture {
  restaurantId: string;
  tableId: string;
  sessionId: string;
  stationId: string;
}

/** The rows the baseline inserts hang off (the foreign keys need them), written directly. */
export async function seedFixture(db: Kysely<Database>): Promise<Fixture> {
  const at = nowIso();
  const f: Fixture = { restaurantId: newId(), tableId: newId(), sessionId: newId(), stationId: newId() };
  await db
    .insertInto('restaurants')
    .values({
      id: f.restaurantId,
      slug: 'baseline',
      name: 'Baseline',
      currency: 'EUR',
      locale: 'en',
      timezone: 'Europe/Paris',
      tax_rate_bps: 1000,
      tax_inclusive: 1,
      service_charge_bps: 0,
      pin_length: 4,
      order_approval: 0,
      created_at: at,
      updated_at: at,
    })
    .execute();
  await db
    .insertInto('stations')
    .values({ id: f.stationId, restaurant_id: f.restaurantId, name: 'Kitchen', position: 0, created_at: at })
    .execute();
  await insertBareTableSession(db, {
    restaurantId: f.restaurantId,
    tableId: f.tableId,
    sessionId: f.sessionId,
    name: 'T1',
  });
  return f;
}

/** A table and its open FAMILY session, written directly (one open session per table, as in Plato). */
export async function insertBareTableSession(
  db: Kysely<Database>,
  t: { restaurantId: string; tableId: string; sessionId: string; name: string },
): Promise<void> {
  const at = nowIso();
  await db
    .insertInto('dining_tables')
    .values({
      id: t.tableId,
      restaurant_id: t.restaurantId,
      name: t.name,
      seats: 4,
      area: '',
      qr_token: newId(),
      created_at: at,
      updated_at: at,
    })
    .execute();
  await db
    .insertInto('table_sessions')
    .values({
      id: t.sessionId,
      restaurant_id: t.restaurantId,
      table_id: t.tableId,
      mode: 'FAMILY',
      status: 'OPEN',
      pin_hash: 'unused',
      pin_failures: 0,
      pin_blocked_until: null,
      guest_seq: 0,
      opened_by: null,
      opened_at: at,
      closed_at: null,
      closed_by: null,
      close_reason: null,
    })
    .execute();
}

interface BaselineLine {
  menuItemId: string;
  quantity: number;
}

/** POST /orders: begin; one order row + 3 line rows; commit. POST /join: begin; a guest row + its token row; commit. */
export async function buildBaselineHttp(db: Kysely<Database>): Promise<FastifyInstance> {
  const f = await seedFixture(db);
  let orderNumber = 0;
  let guestNumber = 0;
  const app = Fastify({ logger: false });

  app.post<{ Body: { lines?: BaselineLine[] } }>('/orders', async (request, reply) => {
    const lines = (request.body?.lines ?? []).slice(0, 3);
    while (lines.length < 3) lines.push({ menuItemId: newId(), quantity: 1 });
    const id = newId();
    const at = nowIso();
    orderNumber += 1;
    const number = orderNumber;
    await db.transaction().execute(async (tx) => {
      await insertBareOrder(tx, {
        id,
        restaurantId: f.restaurantId,
        sessionId: f.sessionId,
        tableId: f.tableId,
        number,
        guestId: null,
        idempotencyKey: request.headers['idempotency-key']?.toString() ?? id,
        totalCents: 1500 * lines.length,
        at,
        lines: lines.map((l, position) => ({
          stationId: f.stationId,
          menuItemId: l.menuItemId,
          guestId: null,
          name: `Item ${position}`,
          quantity: l.quantity,
          unitPriceCents: 1500,
        })),
      });
    });
    return reply.status(201).send({ order: { id, number, status: 'NEW', totalCents: 1500 * lines.length } });
  });

  app.post('/join', async (_request, reply) => {
    guestNumber += 1;
    const guest = { id: newId(), name: `Guest ${guestNumber}` };
    const token = randomBytes(32).toString('base64url');
    const at = nowIso();
    await db.transaction().execute(async (tx) => {
      await tx
        .insertInto('guests')
        .values({
          id: guest.id,
          restaurant_id: f.restaurantId,
          session_id: f.sessionId,
          name: guest.name,
          created_at: at,
        })
        .execute();
      await tx
        .insertInto('guest_tokens')
        .values({
          token_hash: sha256(token),
          guest_id: guest.id,
          session_id: f.sessionId,
          created_at: at,
          expires_at: at,
        })
        .execute();
    });
    reply.header('set-cookie', `plato_guest=${token}; Path=/; HttpOnly; SameSite=Lax`);
    return { guest, session: { id: f.sessionId, mode: 'FAMILY' } };
  });
  return app;
}

const FAKE_LINE = {
  menuItemId: 'baseline-item',
  name: 'Margherita',
  quantity: 1,
  options: [{ id: 'baseline-option', name: 'Extra basil', priceDeltaCents: 50 }],
  note: '',
  unitPriceCents: 1150,
  lineTotalCents: 1150,
  guestId: 'baseline-guest',
  available: true,
};

/**
 * A bare Socket.IO server on a bare Fastify: a socket joins the room its
 * `room` cookie names (no lookup), and POST /rooms/:room/lines bumps that
 * room's version and emits a cart-shaped payload of as many lines as Plato's
 * carts carry in the fan-out bench, before answering the cart.
 */
export async function buildBaselineSocket(): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  const io = new Server(app.server, { path: '/socket.io', serveClient: false, transports: ['websocket'] });
  io.on('connection', (socket) => {
    const room = /(?:^|;\s*)room=([^;]+)/.exec(socket.handshake.headers.cookie ?? '')?.[1];
    if (room) void socket.join(`room:${room}`);
  });
  const carts = new Map<string, { version: number; lines: (typeof FAKE_LINE & { id: string })[] }>();
  app.post<{ Params: { room: string } }>('/rooms/:room/lines', async (request) => {
    const { room } = request.params;
    const cart = carts.get(room) ?? { version: 0, lines: [] };
    cart.version += 1;
    cart.lines.push({ ...FAKE_LINE, id: newId() });
    if (cart.lines.length > MAX_LINES) cart.lines.splice(0, cart.lines.length - MAX_LINES);
    carts.set(room, cart);
    const payload = {
      version: cart.version,
      lines: cart.lines,
      totalCents: cart.lines.length * FAKE_LINE.lineTotalCents,
    };
    io.to(`room:${room}`).emit('cart.updated', payload);
    return payload;
  });
  app.addHook('preClose', async () => {
    await io.close();
  });
  return app;
}

/**
 * The kitchen bench's yardstick: a bare Socket.IO server on a bare Fastify
 * with the database. A socket joins the rooms its cookies name, no lookup:
 * `room=<table>` (a guest's table) and `station=<index>` (a chef's station).
 * POST /kitchen/orders writes the order row and its lines (on the station
 * the body names) in one transaction, then, after the commit, emits an
 * order-shaped payload to the table's room and a ticket-shaped one to the
 * station's room, and answers 201 — the events Plato sends for an order,
 * built from what the request carried instead of read back.
 */
export async function buildBaselineKitchen(db: Kysely<Database>, stations: number): Promise<FastifyInstance> {
  const f = await seedFixture(db);
  const stationIds: string[] = [];
  for (let s = 0; s < stations; s++) {
    const id = newId();
    await db
      .insertInto('stations')
      .values({ id, restaurant_id: f.restaurantId, name: `Station ${s + 1}`, position: s + 1, created_at: nowIso() })
      .execute();
    stationIds.push(id);
  }
  const app = Fastify({ logger: false });
  const io = new Server(app.server, { path: '/socket.io', serveClient: false, transports: ['websocket'] });
  io.on('connection', (socket) => {
    const cookie = socket.handshake.headers.cookie ?? '';
    const room = /(?:^|;\s*)room=([^;]+)/.exec(cookie)?.[1];
    const station = /(?:^|;\s*)station=([^;]+)/.exec(cookie)?.[1];
    if (room) void socket.join(`room:${room}`);
    if (station) void socket.join(`station:${station}`);
  });
  let orderNumber = 0;
  app.post<{ Body: { station: number; room: string; lines: BaselineLine[] } }>(
    '/kitchen/orders',
    async (request, reply) => {
      const { station, room } = request.body;
      const stationId = stationIds[station]!;
      const id = newId();
      const at = nowIso();
      orderNumber += 1;
      const number = orderNumber;
      const lines = request.body.lines.map((l, position) => ({
        id: newId(),
        stationId,
        menuItemId: l.menuItemId,
        guestId: null,
        name: `Item ${position}`,
        quantity: l.quantity,
        unitPriceCents: 1500,
      }));
      const totalCents = lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0);
      await db.transaction().execute(async (tx) => {
        await insertBareOrder(tx, {
          id,
          restaurantId: f.restaurantId,
          sessionId: f.sessionId,
          tableId: f.tableId,
          number,
          guestId: null,
          idempotencyKey: request.headers['idempotency-key']?.toString() ?? id,
          totalCents,
          at,
          lines,
        });
      });
      const order = {
        id,
        number,
        sessionId: f.sessionId,
        tableId: f.tableId,
        status: 'NEW',
        totalCents,
        createdAt: at,
        lines: lines.map((l) => ({ ...FAKE_LINE, id: l.id, name: l.name, quantity: l.quantity, status: 'NEW' })),
      };
      io.to(`room:${room}`).emit('order.placed', { order });
      io.to(`station:${station}`).emit('ticket.created', {
        id: lines[0]?.id ?? id,
        orderId: id,
        orderNumber: number,
        table: 'T1',
        tableId: f.tableId,
        station: { id: stationId, name: `Station ${station + 1}` },
        status: 'NEW',
        createdAt: at,
        ageSeconds: 0,
        timing: 'ON_TIME',
        seq: number,
        lines: lines.map((l) => ({
          id: l.id,
          name: l.name,
          quantity: l.quantity,
          options: [],
          note: '',
          allergens: ['GLUTEN'],
          course: 1,
          held: false,
          status: 'NEW',
          cancelReason: null,
          movedBy: null,
          movedAt: at,
        })),
      });
      return reply.status(201).send({ order });
    },
  );
  app.addHook('preClose', async () => {
    await io.close();
  });
  return app;
}

/** The fan-out bench keeps Plato's carts at most this long (it removes a line past it). */
export const MAX_LINES = 12;

/** An order as the bare routes write it: the order row and its lines, nothing else. */
export interface BareOrder {
  id: string;
  restaurantId: string;
  sessionId: string;
  tableId: string;
  number: number;
  guestId: string | null;
  idempotencyKey: string;
  totalCents: number;
  at: string;
  lines: {
    /** A new one when absent. */
    id?: string;
    stationId: string;
    menuItemId: string;
    guestId: string | null;
    name: string;
    quantity: number;
    unitPriceCents: number;
  }[];
}

/** The two inserts every bare order route makes, in the caller's transaction. */
export async function insertBareOrder(tx: Kysely<Database>, o: BareOrder): Promise<void> {
  await tx
    .insertInto('orders')
    .values({
      id: o.id,
      restaurant_id: o.restaurantId,
      session_id: o.sessionId,
      table_id: o.tableId,
      number: o.number,
      approval: 'NOT_REQUIRED',
      source: 'GUEST',
      guest_id: o.guestId,
      staff_id: null,
      idempotency_key: o.idempotencyKey,
      request_hash: 'baseline',
      total_cents: o.totalCents,
      reject_reason: null,
      created_at: o.at,
      decided_at: null,
      decided_by: null,
    })
    .execute();
  await tx
    .insertInto('order_lines')
    .values(
      o.lines.map((l, position) => ({
        id: l.id ?? newId(),
        restaurant_id: o.restaurantId,
        order_id: o.id,
        session_id: o.sessionId,
        station_id: l.stationId,
        menu_item_id: l.menuItemId,
        guest_id: l.guestId,
        position,
        name: l.name,
        quantity: l.quantity,
        unit_price_cents: l.unitPriceCents,
        options: '[]',
        note: '',
        status: 'NEW',
        status_changed_at: o.at,
        cancel_reason: null,
      })),
    )
    .execute();
}
