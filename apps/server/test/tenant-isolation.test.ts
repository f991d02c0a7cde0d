import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart, PNG_BYTES } from './support/menu-helpers.ts';
import {
  addLine,
  buildOrderingRestaurant,
  newKey,
  placeNewOrder,
  seatTable,
  type OrderingRestaurant,
  type SeatedTable,
} from './support/order-factories.ts';
import { buildTable } from './support/session-factories.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

/*
 * Another restaurant's ids answer 404 on every route. The routes come from
 * the app's own OpenAPI document, so a new route with an id in its path
 * fails this test until it says which of restaurant B's ids to aim at it.
 * Each is called as restaurant A (its admin, or a guest of A for guest
 * routes) with a body that would be valid for A's own ids, and answers 404;
 * afterwards every row of B reads as before.
 */

let t: TestApp;
let a: OrderingRestaurant;
let b: OrderingRestaurant;
let aSeat: SeatedTable;
let aFreeTable: string;
/** B's real ids, by the path segment and parameter that name them. */
let bIds: Record<string, string>;
let bPhoto: string;

/** Ids no other restaurant may reach because the token itself is the credential (a printed QR code). */
const NOT_TENANT_SCOPED: Record<string, string> = {
  'tables/{qrToken}':
    "the public QR page and join: anyone holding the printed code may use it, no restaurant's sign-in is involved",
  'receipts/{receiptToken}':
    "a guest's receipt link: the unguessable token is the credential (stored hashed, 24 h after the close)",
  'webhooks/{provider}':
    'a payment provider calls it; the signature over the body is the credential, and the payment it names is looked up by the provider',
};

beforeAll(async () => {
  t = await createTestApp();
  a = await buildOrderingRestaurant(t);
  aSeat = await seatTable(t, a, 'FAMILY', 1);
  aFreeTable = (await buildTable(t.ctx, a.restaurant.id)).id;

  b = await buildOrderingRestaurant(t, { orderApproval: true });
  const bSeat = await seatTable(t, b, 'FAMILY', 1);
  const bGuest = bSeat.guests[0]!;
  await addLine(bGuest, { menuItemId: b.menu.fries.id, quantity: 1 });
  const order = await placeNewOrder(bGuest);
  expect(order.status).toBe('PENDING');
  const cart = await addLine(bGuest, { menuItemId: b.menu.lemonade.id, quantity: 1 });
  const call = await bGuest.call('POST', '/api/v1/guest/calls', { kind: 'WAITER' });
  expect(call.statusCode, call.body).toBe(201);
  const photo = multipart([{ name: 'photo', filename: 'p.png', contentType: 'image/png', data: PNG_BYTES }]);
  const uploaded = await t.app.inject({
    method: 'PUT',
    url: `/api/v1/admin/items/${b.menu.burger.id}/photo`,
    headers: { cookie: b.cookies.ADMIN, ...photo.headers },
    payload: photo.payload,
  });
  expect(uploaded.statusCode, uploaded.body).toBe(200);
  bPhoto = uploaded.json<{ item: { imageUrl: string } }>().item.imageUrl;

  // A staff order needs no approval: it is on B's kitchen screens, so B has a real ticket (its first line's id).
  const sent = await t.app.inject({
    method: 'POST',
    url: `/api/v1/sessions/${bSeat.sessionId}/orders`,
    headers: { cookie: b.cookies.WAITER, 'idempotency-key': newKey() },
    payload: { lines: [{ menuItemId: b.menu.fries.id, quantity: 1 }] },
  });
  expect(sent.statusCode, sent.body).toBe(201);
  const bTicketLine = sent.json<{ order: { lines: { id: string }[] } }>().order.lines[0]!.id;
  const bTickets = await t.app.inject({ url: '/api/v1/kitchen/tickets', headers: { cookie: b.cookies.ADMIN } });
  expect(bTickets.json<{ tickets: { id: string }[] }>().tickets.map((x) => x.id)).toContain(bTicketLine);

  // B's bill has a discount and a payment: A may neither remove the one nor refund the other.
  const bDiscount = await t.app.inject({
    method: 'POST',
    url: `/api/v1/sessions/${bSeat.sessionId}/discounts`,
    headers: { cookie: b.cookies.MANAGER },
    payload: { kind: 'AMOUNT', value: 10, reason: 'regular' },
  });
  expect(bDiscount.statusCode, bDiscount.body).toBe(200);
  const bPayment = await t.app.inject({
    method: 'POST',
    url: `/api/v1/sessions/${bSeat.sessionId}/payments`,
    headers: { cookie: b.cookies.CASHIER, 'idempotency-key': newKey() },
    payload: { method: 'CARD', amountCents: 100 },
  });
  expect(bPayment.statusCode, bPayment.body).toBe(201);

  bIds = {
    'discounts/{discountId}': bDiscount.json<{ bill: { discounts: { id: string }[] } }>().bill.discounts[0]!.id,
    'payments/{id}': bPayment.json<{ payment: { id: string } }>().payment.id,
    'order-lines/{lineId}': bTicketLine,
    'tickets/{ticketId}': bTicketLine,
    // Course 1 of B's pending order (orders/{id}): B's waiter could hold it, A's may not.
    'courses/{course}': '1',
    'tables/{tableId}': (await buildTable(t.ctx, b.restaurant.id)).id,
    'sessions/{id}': bSeat.sessionId,
    'orders/{id}': order.id,
    'calls/{id}': call.json<{ call: { id: string } }>().call.id,
    'lines/{lineId}': cart.lines[0]!.id,
    'staff/{id}': b.ids.WAITER,
    'stations/{id}': b.menu.stationId,
    'categories/{id}': b.menu.drinks.id,
    'items/{id}': b.menu.burger.id,
    'modifier-groups/{id}': b.menu.cooking.id,
    'modifier-options/{id}': b.menu.rare.id,
    'tables/{id}': bSeat.tableId,
  };
});
afterAll(() => t?.close());

type Send = Pick<InjectOptions, 'payload' | 'headers'>;
/** What each operation would need to succeed on A's own ids: anything less and it might stop at validation. */
const requests = (): Record<string, Send> => {
  const photo = multipart([{ name: 'photo', filename: 'p.png', contentType: 'image/png', data: PNG_BYTES }]);
  const rename = { payload: { name: 'Taken over' } };
  return {
    'POST /api/v1/tables/{tableId}/sessions': { payload: { mode: 'FAMILY' } },
    'POST /api/v1/sessions/{id}/move': { payload: { tableId: aFreeTable } },
    'POST /api/v1/sessions/{id}/orders': {
      payload: { lines: [{ menuItemId: a.menu.fries.id, quantity: 1 }] },
      headers: { 'idempotency-key': newKey() },
    },
    'POST /api/v1/sessions/{id}/close': { payload: { reason: 'Taken over' } },
    'POST /api/v1/orders/{id}/reject': { payload: { reason: 'Taken over' } },
    'PATCH /api/v1/admin/staff/{id}': { payload: { name: 'Taken over', role: 'ADMIN', active: false } },
    'PATCH /api/v1/admin/stations/{id}': rename,
    'PATCH /api/v1/admin/categories/{id}': rename,
    'PATCH /api/v1/admin/items/{id}': { payload: { priceCents: 1 } },
    'POST /api/v1/admin/items/{id}/availability': { payload: { available: false } },
    'POST /api/v1/admin/items/{id}/modifier-groups': rename,
    'PUT /api/v1/admin/items/{id}/photo': photo,
    'PATCH /api/v1/admin/modifier-groups/{id}': rename,
    'POST /api/v1/admin/modifier-groups/{id}/options': rename,
    'PATCH /api/v1/admin/modifier-options/{id}': { payload: { priceDeltaCents: -100 } },
    'POST /api/v1/admin/modifier-options/{id}/availability': { payload: { available: false } },
    'PATCH /api/v1/admin/tables/{id}': rename,
    'PATCH /api/v1/guest/cart/lines/{lineId}': { payload: { quantity: 5 } },
    'POST /api/v1/order-lines/{lineId}/status': { payload: { status: 'CANCELLED', reason: 'Taken over' } },
    'POST /api/v1/sessions/{id}/discounts': { payload: { kind: 'PERCENT', value: 100, reason: 'Taken over' } },
    'POST /api/v1/sessions/{id}/discounts/{discountId}/remove': { payload: { reason: 'Taken over' } },
    'POST /api/v1/sessions/{id}/splits': { payload: { method: 'EQUAL', parts: 2 } },
    'POST /api/v1/sessions/{id}/payments': {
      payload: { method: 'CASH', amountCents: 1 },
      headers: { 'idempotency-key': newKey() },
    },
    'POST /api/v1/payments/{id}/refunds': {
      payload: { amountCents: 1, reason: 'Taken over' },
      headers: { 'idempotency-key': newKey() },
    },
  };
};

/** Every row that belongs to restaurant B, table by table (tables found by their `restaurant_id` column). */
async function rowsOfB(): Promise<Record<string, unknown[]>> {
  const schema =
    t.dialect === 'postgres'
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(t.ctx.db)).rows[0]!.s
      : undefined;
  const tables = (await t.ctx.db.introspection.getTables()).filter(
    (table) => table.schema === schema && table.columns.some((c) => c.name === 'restaurant_id'),
  );
  const sorted = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort();
  const snapshot: Record<string, unknown[]> = {};
  for (const { name } of tables) {
    const rows = await sql`select * from ${sql.table(name)} where restaurant_id = ${b.restaurant.id}`.execute(t.ctx.db);
    snapshot[name] = sorted(rows.rows);
  }
  snapshot.restaurants = sorted(
    await t.ctx.db.selectFrom('restaurants').selectAll().where('id', '=', b.restaurant.id).execute(),
  );
  snapshot.guest_tokens = sorted(
    await t.ctx.db.selectFrom('guest_tokens').selectAll().where('session_id', '=', bIds['sessions/{id}']!).execute(),
  );
  expect(tables.length).toBeGreaterThan(10);
  return snapshot;
}

describe("another restaurant's ids", () => {
  it('answer 404 on every route of the OpenAPI document with an id in its path, and change nothing of B', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    const operations = Object.entries(doc.paths)
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => ({ method: m.toUpperCase(), path })))
      .filter((op) => op.path.includes('{'));
    // A route kept out of the document must not escape the walk either.
    const templatedRoutes = t.app.accessTable.filter((r) => r.url.includes('/:')).map((r) => `${r.method} ${r.url}`);
    expect(operations.map((op) => `${op.method} ${op.path.replace(/\{(\w+)\}/g, ':$1')}`).sort()).toEqual(
      templatedRoutes.sort(),
    );
    // Deletions last, so the others still aim at something that exists.
    operations.sort((x, y) => Number(x.method === 'DELETE') - Number(y.method === 'DELETE'));

    const before = await rowsOfB();
    const bodies = requests();
    const failures: string[] = [];
    let walked = 0;
    for (const { method, path } of operations) {
      const key = `${method} ${path}`;
      const route = t.app.accessTable.find((r) => r.method === method && r.url === path.replace(/\{(\w+)\}/g, ':$1'))!;
      let skipped = false;
      const url = path.replace(/([\w-]+)\/\{(\w+)\}/g, (whole, segment: string, param: string) => {
        const slot = `${segment}/{${param}}`;
        if (slot in NOT_TENANT_SCOPED) {
          skipped = true;
          return whole;
        }
        const id = bIds[slot];
        if (!id) {
          failures.push(
            `${key}: no id of restaurant B for ${slot}: add one to bIds (or to NOT_TENANT_SCOPED, with why)`,
          );
          skipped = true;
        }
        return `${segment}/${id}`;
      });
      if (skipped) continue;
      if (route.access.kind !== 'staff' && route.access.kind !== 'guest') {
        failures.push(`${key}: a ${route.access.kind} route with an id: say in NOT_TENANT_SCOPED why it is not scoped`);
        continue;
      }
      const cookie = route.access.kind === 'guest' ? aSeat.guests[0]!.cookie : a.cookies.ADMIN;
      const send = bodies[key] ?? {};
      const res = await t.app.inject({
        method: method as InjectOptions['method'],
        url,
        ...send,
        headers: { ...send.headers, cookie },
      });
      walked += 1;
      const code = String(res.headers['content-type']).includes('json')
        ? res.json<{ code?: string }>().code
        : undefined;
      // "No route …" would mean the URL was built wrong, not that B's id was refused.
      if (res.statusCode !== 404 || code !== 'NOT_FOUND' || res.body.includes('No route'))
        failures.push(`${key} as ${route.access.kind} of A → ${res.statusCode} ${res.body.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    expect(walked).toBeGreaterThan(30);
    expect(await rowsOfB()).toEqual(before);
    expect(existsSync(join(t.ctx.config.dataDir, bPhoto))).toBe(true);
  });
});
