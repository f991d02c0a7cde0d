import type { JoinResponse, OpenSessionResponse, SessionMode } from '@plato/contracts';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { AppContext } from '../../src/context.ts';
import { newId, nowIso, randomToken } from '../../src/db/ids.ts';
import { insertTable } from '../../src/modules/tables/tables.repository.ts';

export interface TestTable {
  id: string;
  name: string;
  qrToken: string;
}

let tableCounter = 0;

/** A dining table inserted directly (the tables admin has its own tests). */
export async function buildTable(ctx: AppContext, restaurantId: string, name?: string): Promise<TestTable> {
  tableCounter += 1;
  const table = { id: newId(), name: name ?? `T${tableCounter}`, qrToken: randomToken(16) };
  await insertTable(ctx.db, { ...table, restaurantId, seats: 4, area: 'Main' });
  return table;
}

/** A fresh client address per call, so the per-address PIN limit stays out of tests that are not about it. */
export const someIp = (): string =>
  `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;

export async function openSession(
  app: FastifyInstance,
  staffCookie: string,
  tableId: string,
  mode: SessionMode = 'FAMILY',
): Promise<OpenSessionResponse> {
  const res = await app.inject({
    method: 'POST',
    url: `/api/v1/tables/${tableId}/sessions`,
    headers: { cookie: staffCookie },
    payload: { mode },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<OpenSessionResponse>();
}

/**
 * Resets the PIN until the new one differs from `oldPin`: a fresh PIN repeats
 * the old one once in 10^length resets, and "the old PIN stops working" can
 * only be checked when they differ. A reset that keeps giving the old PIN back
 * is a bug, so a few in a row fail the test.
 */
export async function resetPinToNew(
  app: FastifyInstance,
  staffCookie: string,
  sessionId: string,
  oldPin: string,
): Promise<{ pin: string; resets: number }> {
  for (let resets = 1; resets <= 3; resets++) {
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/sessions/${sessionId}/pin`,
      headers: { cookie: staffCookie },
    });
    expect(res.statusCode, res.body).toBe(200);
    const { pin } = res.json<{ pin: string }>();
    if (pin !== oldPin) return { pin, resets };
  }
  throw new Error(`three PIN resets in a row gave back the old PIN ${oldPin}`);
}

export const joinRequest = (
  app: FastifyInstance,
  qrToken: string,
  body: Record<string, unknown>,
  remoteAddress: string = someIp(),
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> =>
  app.inject({ method: 'POST', url: `/api/v1/public/tables/${qrToken}/join`, payload: body, remoteAddress, headers });

export interface JoinedGuest extends JoinResponse {
  /** The Cookie header to send as this guest. */
  cookie: string;
  token: string;
  /** The device key this phone keeps (the `plato_device` cookie), to rejoin as the same device. */
  device: string;
}

/**
 * Joins with the right PIN and returns the guest with its cookie. Without
 * `device` it is a new phone (no device key yet); with one, the phone that
 * holds that key.
 */
export async function joinAs(
  app: FastifyInstance,
  qrToken: string,
  pin: string,
  name?: string,
  opts: { device?: string } = {},
): Promise<JoinedGuest> {
  const headers: Record<string, string> = opts.device ? { cookie: `plato_device=${opts.device}` } : {};
  const res = await joinRequest(app, qrToken, name === undefined ? { pin } : { pin, name }, someIp(), headers);
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'plato_guest');
  if (!cookie) throw new Error('no plato_guest cookie');
  const device = res.cookies.find((c) => c.name === 'plato_device')?.value ?? opts.device;
  if (!device) throw new Error('no plato_device cookie');
  return { ...res.json<JoinResponse>(), cookie: `plato_guest=${cookie.value}`, token: cookie.value, device };
}

/** Order rows inserted directly, for floor and close rules that do not depend on how orders are placed. */
export async function insertOrderLine(
  ctx: AppContext,
  s: { restaurantId: string; sessionId: string; tableId: string; status: string; approval?: string },
): Promise<{ orderId: string; lineId: string }> {
  const stationId = newId();
  const orderId = newId();
  const lineId = newId();
  const at = nowIso();
  await ctx.db
    .insertInto('stations')
    .values({
      id: stationId,
      restaurant_id: s.restaurantId,
      name: `S-${stationId.slice(-8)}`,
      position: 0,
      created_at: at,
    })
    .execute();
  const counter = await ctx.db
    .selectFrom('orders')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('restaurant_id', '=', s.restaurantId)
    .executeTakeFirst();
  await ctx.db
    .insertInto('orders')
    .values({
      id: orderId,
      restaurant_id: s.restaurantId,
      session_id: s.sessionId,
      table_id: s.tableId,
      number: Number(counter?.n ?? 0) + 1,
      approval: s.approval ?? 'NOT_REQUIRED',
      source: 'STAFF',
      guest_id: null,
      staff_id: null,
      idempotency_key: orderId,
      request_hash: 'x',
      total_cents: 500,
      reject_reason: null,
      created_at: at,
      decided_at: null,
      decided_by: null,
    })
    .execute();
  await ctx.db
    .insertInto('order_lines')
    .values({
      id: lineId,
      restaurant_id: s.restaurantId,
      order_id: orderId,
      session_id: s.sessionId,
      station_id: stationId,
      menu_item_id: newId(),
      guest_id: null,
      position: 0,
      name: 'Soup',
      quantity: 1,
      unit_price_cents: 500,
      options: '[]',
      note: '',
      status: s.status,
      status_changed_at: at,
      cancel_reason: null,
    })
    .execute();
  return { orderId, lineId };
}

/** A cart line inserted directly into the session's shared cart (with the menu rows it needs). */
export async function insertCartLine(ctx: AppContext, s: { restaurantId: string; sessionId: string }): Promise<void> {
  const at = nowIso();
  const [stationId, categoryId, itemId] = [newId(), newId(), newId()];
  await ctx.db
    .insertInto('stations')
    .values({
      id: stationId,
      restaurant_id: s.restaurantId,
      name: `S-${stationId.slice(-8)}`,
      position: 0,
      created_at: at,
    })
    .execute();
  await ctx.db
    .insertInto('categories')
    .values({
      id: categoryId,
      restaurant_id: s.restaurantId,
      name: `C-${categoryId.slice(-8)}`,
      position: 0,
      translations: '{}',
      created_at: at,
    })
    .execute();
  await ctx.db
    .insertInto('menu_items')
    .values({
      id: itemId,
      restaurant_id: s.restaurantId,
      category_id: categoryId,
      station_id: stationId,
      name: 'Bread',
      description: '',
      price_cents: 300,
      image_path: null,
      allergens: '[]',
      tags: '[]',
      available: 1,
      position: 0,
      translations: '{}',
      created_at: at,
      updated_at: at,
    })
    .execute();
  await ctx.db
    .insertInto('carts')
    .values({ id: newId(), restaurant_id: s.restaurantId, session_id: s.sessionId, owner: 'TABLE', version: 0 })
    .onConflict((oc) => oc.columns(['session_id', 'owner']).doNothing())
    .execute();
  const cart = await ctx.db
    .selectFrom('carts')
    .select('id')
    .where('session_id', '=', s.sessionId)
    .where('owner', '=', 'TABLE')
    .executeTakeFirstOrThrow();
  await ctx.db
    .insertInto('cart_lines')
    .values({
      id: newId(),
      restaurant_id: s.restaurantId,
      cart_id: cart.id,
      guest_id: null,
      menu_item_id: itemId,
      quantity: 1,
      option_ids: '[]',
      note: '',
      created_at: at,
    })
    .execute();
}
