import assert from 'node:assert/strict';
import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './generated/plato-api.ts';
import type { JourneyInput, JourneyResult, StaffRole } from '../support/journey-types.ts';

/*
 * An integrator's code, written only against the types openapi-typescript
 * generates from the served document (generated/plato-api.ts, made by
 * generated-client.test.ts) and called through openapi-fetch. Nothing here
 * imports the server or the contracts: if the document is wrong about a path,
 * a parameter, a body or an answer, this file fails its type check (the test
 * runs tsc on it) or its run.
 */

type PlatoClient = Client<paths>;

/** Keeps the cookies a server sets, as a browser would, and sends them back (fetch in Node keeps none). */
function cookieJar(): Middleware {
  const jar = new Map<string, string>();
  return {
    onRequest({ request }) {
      if (jar.size > 0) request.headers.set('cookie', [...jar].map(([name, value]) => `${name}=${value}`).join('; '));
      return request;
    },
    onResponse({ response }) {
      for (const header of response.headers.getSetCookie()) {
        const pair = header.split(';')[0]!;
        const at = pair.indexOf('=');
        const [name, value] = [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
        if (value) jar.set(name, value);
        else jar.delete(name);
      }
    },
  };
}

function newClient(input: JourneyInput): PlatoClient {
  const client = createClient<paths>({ baseUrl: input.baseUrl });
  client.use(cookieJar(), ...input.middleware);
  return client;
}

async function signIn(input: JourneyInput, role: StaffRole): Promise<PlatoClient> {
  const client = newClient(input);
  const { data, error } = await client.POST('/api/v1/auth/login', {
    body: { restaurant: input.restaurant, email: input.emails[role], password: input.password },
  });
  assert.ok(data, `sign-in as ${role}: ${JSON.stringify(error)}`);
  assert.equal(data.staff.role, role);
  return client;
}

/** Sets up a table as its staff would, seats a guest who orders and sees the bill, and has each role act on it. */
export async function runJourneys(input: JourneyInput): Promise<JourneyResult> {
  const [admin, manager, waiter, chef, cashier] = await Promise.all(
    (['ADMIN', 'MANAGER', 'WAITER', 'CHEF', 'CASHIER'] as const).map((role) => signIn(input, role)),
  );

  // ADMIN: a station, a category, an item and a table with its QR token.
  const station = (await admin!.POST('/api/v1/admin/stations', { body: { name: 'Grill' } })).data?.station;
  assert.ok(station, 'station created');
  const category = (await admin!.POST('/api/v1/admin/categories', { body: { name: 'Mains' } })).data?.category;
  assert.ok(category, 'category created');
  const item = (
    await admin!.POST('/api/v1/admin/items', {
      body: { categoryId: category.id, stationId: station.id, name: 'Burger', priceCents: 1450 },
    })
  ).data?.item;
  assert.ok(item, 'item created');
  const table = (await admin!.POST('/api/v1/admin/tables', { body: { name: 'Terrace 4' } })).data?.table;
  assert.ok(table, 'table created');

  // WAITER: opens the table's session and reads out the PIN.
  const opened = await waiter!.POST('/api/v1/tables/{tableId}/sessions', {
    params: { path: { tableId: table.id } },
    body: { mode: 'FAMILY' },
  });
  assert.ok(opened.data, `session opened: ${JSON.stringify(opened.error)}`);
  const { session, pin } = opened.data;

  // The guest: scan → join with the PIN → menu → cart → order → bill.
  const guest = newClient(input);
  const scanned = await guest.GET('/api/v1/public/tables/{qrToken}', { params: { path: { qrToken: table.qrToken } } });
  assert.equal(scanned.data?.sessionOpen, true);
  const wrong = await guest.POST('/api/v1/public/tables/{qrToken}/join', {
    params: { path: { qrToken: table.qrToken } },
    body: { pin: pin === '0000' ? '1111' : '0000', name: 'Ann' },
  });
  assert.equal(wrong.response.status, 401);
  assert.equal(wrong.error?.code, 'PIN_INVALID');
  const joined = await guest.POST('/api/v1/public/tables/{qrToken}/join', {
    params: { path: { qrToken: table.qrToken } },
    body: { pin, name: 'Ann' },
  });
  assert.ok(joined.data, `joined: ${JSON.stringify(joined.error)}`);
  assert.equal(joined.data.session.id, session.id);
  const menu = (await guest.GET('/api/v1/guest/menu')).data;
  const burger = menu?.categories.flatMap((c) => c.items).find((i) => i.id === item.id);
  assert.ok(burger?.available, 'the burger is on the guest menu');
  const cart = (
    await guest.POST('/api/v1/guest/cart/lines', { body: { menuItemId: burger.id, quantity: 2, optionIds: [] } })
  ).data;
  assert.equal(cart?.totalCents, 2 * burger.priceCents);
  const key = `journey-${session.id}`;
  const placed = await guest.POST('/api/v1/guest/orders', {
    params: { header: { 'idempotency-key': key } },
    body: {},
  });
  assert.equal(placed.response.status, 201, JSON.stringify(placed.error));
  const order = placed.data!.order;
  const again = await guest.POST('/api/v1/guest/orders', { params: { header: { 'idempotency-key': key } }, body: {} });
  assert.equal(again.response.status, 200);
  assert.equal(again.data?.order.id, order.id);
  const guestBill = (await guest.GET('/api/v1/guest/bill')).data;
  assert.equal(guestBill?.balanceCents, guestBill?.totalCents);

  // CHEF: the order's ticket on the kitchen screen, bumped.
  const tickets = (await chef!.GET('/api/v1/kitchen/tickets', { params: { query: { station: station.id } } })).data;
  const ticket = tickets?.tickets.find((x) => x.orderId === order.id);
  assert.ok(ticket, 'the order has a ticket');
  const bumped = await chef!.POST('/api/v1/kitchen/tickets/{ticketId}/bump', {
    params: { path: { ticketId: ticket.id } },
  });
  assert.ok(bumped.data, `bumped: ${JSON.stringify(bumped.error)}`);

  // MANAGER: a discount with a reason.
  const discounted = await manager!.POST('/api/v1/sessions/{id}/discounts', {
    params: { path: { id: session.id } },
    body: { kind: 'PERCENT', value: 10, reason: 'Birthday' },
  });
  assert.ok(discounted.data, `discount: ${JSON.stringify(discounted.error)}`);
  const bill = discounted.data.bill;

  // CASHIER: the balance in cash, then the table closes.
  const paid = await cashier!.POST('/api/v1/sessions/{id}/payments', {
    params: { path: { id: session.id }, header: { 'idempotency-key': `pay-${session.id}` } },
    body: { method: 'CASH', amountCents: bill.balanceCents, tenderedCents: bill.balanceCents },
  });
  assert.equal(paid.response.status, 201, JSON.stringify(paid.error));
  assert.equal(paid.data?.bill.balanceCents, 0);
  const closed = await cashier!.POST('/api/v1/sessions/{id}/close', { params: { path: { id: session.id } }, body: {} });
  assert.ok(closed.data, `closed: ${JSON.stringify(closed.error)}`);
  const after = await guest.GET('/api/v1/guest/bill');
  assert.equal(after.response.status, 401, 'the guest cookie ends with the session');

  return {
    orderNumber: order.number,
    billTotalCents: bill.totalCents,
    discountCents: bill.discountCents,
    paidCents: paid.data!.bill.paidCents,
    closedStatus: closed.data.session.status,
    staffActions: {
      ADMIN: `created table ${table.name}`,
      WAITER: `opened session ${session.id}`,
      CHEF: `bumped ticket ${ticket.id}`,
      MANAGER: `discounted ${bill.discountCents}`,
      CASHIER: `took ${paid.data!.payment.amountCents} in cash`,
    },
  };
}
