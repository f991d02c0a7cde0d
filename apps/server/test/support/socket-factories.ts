import type {
  AdminTable,
  Call,
  Cart,
  FloorTable,
  JoinResponse,
  Order,
  OpenSessionResponse,
  SessionMode,
} from '@plato/contracts';
import type { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../src/context.ts';
import { newId, nowIso, randomToken } from '../../src/db/ids.ts';
import { insertGuestToken } from '../../src/modules/sessions/guest-tokens.repository.ts';

/** Listens on a free loopback port and returns the base URL sockets connect to. */
export async function listenOnFreePort(app: FastifyInstance): Promise<string> {
  return app.listen({ port: 0, host: '127.0.0.1' });
}

/** A dining table through the admin API. */
export async function buildTable(
  app: FastifyInstance,
  adminCookie: string,
  name = `T ${newId().slice(-6)}`,
): Promise<AdminTable> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/admin/tables',
    headers: { cookie: adminCookie },
    payload: { name, seats: 4 },
  });
  if (res.statusCode !== 201) throw new Error(`create table failed: ${res.statusCode} ${res.body}`);
  return res.json<{ table: AdminTable }>().table;
}

/** A station through the admin API. */
export async function buildStation(
  app: FastifyInstance,
  adminCookie: string,
  name = `Station ${newId().slice(-6)}`,
): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/admin/stations',
    headers: { cookie: adminCookie },
    payload: { name },
  });
  if (res.statusCode !== 201) throw new Error(`create station failed: ${res.statusCode} ${res.body}`);
  return res.json<{ station: { id: string } }>().station.id;
}

/** A station, a category and one plain item (no modifiers) through the admin API; returns the item's id. */
export async function buildMenuItem(app: FastifyInstance, adminCookie: string, priceCents = 1200): Promise<string> {
  const stationId = await buildStation(app, adminCookie);
  const category = await app.inject({
    method: 'POST',
    url: '/api/v1/admin/categories',
    headers: { cookie: adminCookie },
    payload: { name: `Mains ${newId().slice(-6)}` },
  });
  if (category.statusCode !== 201) throw new Error(`create category failed: ${category.statusCode} ${category.body}`);
  const categoryId = category.json<{ category: { id: string } }>().category.id;
  const item = await app.inject({
    method: 'POST',
    url: '/api/v1/admin/items',
    headers: { cookie: adminCookie },
    payload: { categoryId, stationId, name: `Soup ${newId().slice(-6)}`, priceCents },
  });
  if (item.statusCode !== 201) throw new Error(`create item failed: ${item.statusCode} ${item.body}`);
  return item.json<{ item: { id: string } }>().item.id;
}

/** A waiter opens a session on the table through the API; returns it with its PIN. */
export async function openSessionViaApi(
  app: FastifyInstance,
  waiterCookie: string,
  tableId: string,
  mode: SessionMode,
): Promise<z.infer<typeof OpenSessionResponse>> {
  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/tables/${tableId}/sessions`,
    headers: { cookie: waiterCookie },
    payload: { mode },
  });
  if (res.statusCode !== 201) throw new Error(`open session failed: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** A guest joins with the PIN through the public API; returns the guest and its Cookie header. */
export async function joinViaApi(
  app: FastifyInstance,
  qrToken: string,
  pin: string,
  name: string,
): Promise<JoinResponse & { cookie: string }> {
  // A fresh address per join keeps the per-IP join limit out of tests that join often.
  const remoteAddress = `10.7.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/public/tables/${qrToken}/join`,
    payload: { pin, name },
    remoteAddress,
  });
  if (res.statusCode !== 200) throw new Error(`join failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'plato_guest');
  if (!cookie) throw new Error('no plato_guest cookie');
  return { ...res.json<JoinResponse>(), cookie: `plato_guest=${cookie.value}` };
}

export interface SeededSession {
  id: string;
  restaurantId: string;
  tableId: string;
  mode: SessionMode;
}

export interface SeededGuest {
  guestId: string;
  sessionId: string;
  /** The Cookie header to send: `plato_guest=…`. */
  cookie: string;
}

/**
 * An OPEN session written straight to the database, for tests about socket
 * plumbing that must not depend on the sessions API (the end-to-end tests
 * go through HTTP instead).
 */
export async function seedSession(
  ctx: AppContext,
  restaurantId: string,
  tableId: string,
  mode: SessionMode = 'FAMILY',
): Promise<SeededSession> {
  const id = newId();
  await ctx.db
    .insertInto('table_sessions')
    .values({
      id,
      restaurant_id: restaurantId,
      table_id: tableId,
      mode,
      status: 'OPEN',
      pin_hash: 'unused',
      pin_failures: 0,
      pin_blocked_until: null,
      guest_seq: 0,
      opened_by: null,
      opened_at: nowIso(),
      closed_at: null,
      closed_by: null,
      close_reason: null,
    })
    .execute();
  return { id, restaurantId, tableId, mode };
}

/** A guest of a seeded session with a valid token, as a join would leave it. */
export async function seedGuest(
  ctx: AppContext,
  session: SeededSession,
  name = `Guest ${newId().slice(-6)}`,
): Promise<SeededGuest> {
  const guestId = newId();
  await ctx.db
    .insertInto('guests')
    .values({ id: guestId, restaurant_id: session.restaurantId, session_id: session.id, name, created_at: nowIso() })
    .execute();
  const token = randomToken();
  await insertGuestToken(ctx.db, {
    token,
    guestId,
    sessionId: session.id,
    expiresAt: new Date(Date.now() + 3_600_000),
  });
  return { guestId, sessionId: session.id, cookie: `plato_guest=${token}` };
}

/** Marks a session CLOSED as the close service would, without its side effects. */
export async function closeSessionInDb(ctx: AppContext, sessionId: string): Promise<void> {
  await ctx.db
    .updateTable('table_sessions')
    .set({ status: 'CLOSED', closed_at: nowIso() })
    .where('id', '=', sessionId)
    .execute();
}

/* Payloads for publishing through ctx.live directly: shaped like the contracts, contents irrelevant. */

export const fakeCart = (version: number): Cart => ({ version, lines: [], totalCents: 0 });

export const fakeOrder = (sessionId: string, tableId: string): Order => ({
  id: newId(),
  number: 1,
  sessionId,
  tableId,
  status: 'NEW',
  source: 'GUEST',
  guestId: null,
  lines: [],
  totalCents: 0,
  createdAt: nowIso(),
  rejectReason: null,
  version: 0,
});

export const fakeFloorTable = (tableId: string): FloorTable => ({
  id: tableId,
  name: 'T',
  seats: 4,
  area: '',
  status: 'SEATED',
  guestCount: 1,
  readyCount: 0,
  pendingCount: 0,
  calls: [],
});

export const fakeCall = (tableId: string) => ({ id: newId(), tableId, kind: 'WAITER' as const });

/** A call as the table's phones hear it (`call.updated`). */
export const fakeGuestCall = (sessionId: string, tableId: string): Call => {
  const at = new Date().toISOString();
  return {
    id: newId(),
    tableId,
    sessionId,
    kind: 'WAITER',
    status: 'OPEN',
    createdAt: at,
    lastRequestedAt: at,
    repeats: 0,
  };
};
