import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildKitchen, moveLine, staffOrder, ticketsOf } from './support/kitchen-factories.ts';
import {
  addLine,
  buildOrderingRestaurant,
  placeNewOrder,
  seatTable,
  type OrderingRestaurant,
} from './support/order-factories.ts';
import { buildTable } from './support/session-factories.ts';
import { connectLive, mark, type LiveClient } from './support/socket-client.ts';
import { listenOnFreePort } from './support/socket-factories.ts';
import { type TestApp, createTestApp } from './support/test-app.ts';

/* What reaches the kitchen when: orders waiting for approval, accepted and rejected; a session moved to another table. */

let t: TestApp;
let url: string;
const open: LiveClient[] = [];
beforeAll(async () => {
  t = await createTestApp();
  url = await listenOnFreePort(t.app);
});
afterEach(() => {
  for (const c of open.splice(0)) c.close();
});
afterAll(() => t?.close());

async function kitchenSocket(r: OrderingRestaurant): Promise<LiveClient> {
  const socket = await connectLive(url, { cookie: r.cookies.MANAGER });
  open.push(socket);
  return socket;
}

/** Every way the kitchen could show an order, as the ids of what it shows. */
async function kitchenSees(r: OrderingRestaurant, k: Awaited<ReturnType<typeof buildKitchen>>, orderId: string) {
  const [openT, since, done, expo, allDay] = await Promise.all([
    ticketsOf(k.manager),
    ticketsOf(k.manager, '?since=0'),
    ticketsOf(k.manager, '?state=DONE'),
    k.manager('GET', '/api/v1/kitchen/expo'),
    k.manager('GET', '/api/v1/kitchen/all-day'),
  ]);
  return {
    open: openT.tickets.filter((x) => x.orderId === orderId).length,
    since: since.tickets.filter((x) => x.orderId === orderId).length,
    done: done.tickets.filter((x) => x.orderId === orderId).length,
    expo: expo.json<{ orders: { orderId: string }[] }>().orders.filter((o) => o.orderId === orderId).length,
    // How many dishes are still to cook, all orders together (a rejected order's fries would add to the others').
    allDay: allDay.json<{ items: { quantity: number }[] }>().items.reduce((sum, i) => sum + i.quantity, 0),
  };
}

describe('order approval', () => {
  it('a pending order has no ticket; accepted, its tickets appear (ticket.created); rejected, never', async () => {
    const r = await buildOrderingRestaurant(t, { orderApproval: true });
    const k = await buildKitchen(t, r);
    const screen = await kitchenSocket(r);
    const { guests } = await seatTable(t, r, 'FAMILY', 2);
    const [ana, bob] = guests;
    await addLine(ana!, { menuItemId: r.menu.fries.id, quantity: 1 });
    await addLine(ana!, { menuItemId: k.beer.id, quantity: 1 });
    const accepted = await placeNewOrder(ana!);
    await addLine(bob!, { menuItemId: r.menu.fries.id, quantity: 2 });
    const rejected = await placeNewOrder(bob!);
    expect([accepted.status, rejected.status]).toEqual(['PENDING', 'PENDING']);
    const nothing = { open: 0, since: 0, done: 0, expo: 0, allDay: 0 };
    expect(await kitchenSees(r, k, accepted.id)).toEqual(nothing);
    expect(await kitchenSees(r, k, rejected.id)).toEqual(nothing);
    // Not a ticket yet: its first line is no ticket id.
    expect((await k.manager('POST', `/api/v1/kitchen/tickets/${accepted.lines[0]!.id}/bump`)).statusCode).toBe(404);
    let m = mark(t.app.io, screen);
    expect(await screen.heardBefore(m, 'ticket.created')).toEqual([]);

    const { seq } = await ticketsOf(k.manager);
    const res = await k.waiter('POST', `/api/v1/orders/${accepted.id}/accept`);
    expect(res.statusCode, res.body).toBe(200);
    const { tickets } = await ticketsOf(k.manager);
    expect(tickets.map((x) => [x.orderId, x.station.id, x.status]).sort()).toEqual(
      [
        [accepted.id, k.grill, 'NEW'],
        [accepted.id, k.bar, 'NEW'],
      ].sort(),
    );
    // It reached the kitchen when it was accepted, and is timed from then.
    const decided = await t.ctx.db
      .selectFrom('orders')
      .select('decided_at')
      .where('id', '=', accepted.id)
      .executeTakeFirstOrThrow();
    expect(tickets.every((x) => x.createdAt === decided.decided_at && x.timing === 'ON_TIME')).toBe(true);
    const caughtUp = await ticketsOf(k.manager, `?since=${seq}`);
    expect(caughtUp.tickets.map((x) => x.id).sort()).toEqual(tickets.map((x) => x.id).sort());
    for (const station of [k.grill, k.bar]) {
      const created = await screen.waitFor(
        'ticket.created',
        (x) => x.orderId === accepted.id && x.station.id === station,
      );
      expect(created).toEqual(tickets.find((x) => x.station.id === station));
    }
    expect((await moveLine(k.chef, accepted.lines[0]!.id, 'IN_PROGRESS')).statusCode).toBe(200);

    const rejectedRes = await k.waiter('POST', `/api/v1/orders/${rejected.id}/reject`, { reason: 'Kitchen closed' });
    expect(rejectedRes.statusCode, rejectedRes.body).toBe(200);
    expect(await kitchenSees(r, k, rejected.id)).toEqual({ ...nothing, allDay: 2 });
    expect((await moveLine(k.chef, rejected.lines[0]!.id, 'IN_PROGRESS')).statusCode).toBe(409);
    m = mark(t.app.io, screen);
    const heard = await screen.heardBefore(m);
    // The manager hears the order itself (order.placed, order.updated) as the floor; the kitchen events never name it.
    expect(heard.some((e) => JSON.stringify(e.payload).includes(rejected.id))).toBe(true);
    const kitchen = heard.filter((e) => e.event.startsWith('ticket.'));
    expect(kitchen.filter((e) => JSON.stringify(e.payload).includes(rejected.id))).toEqual([]);
  });
});

describe('a session moved to another table', () => {
  it('renames the table on its open tickets, live and for screens catching up with since', async () => {
    const r = await buildOrderingRestaurant(t);
    const k = await buildKitchen(t, r);
    const screen = await kitchenSocket(r);
    const seat = await seatTable(t, r, 'FAMILY', 0);
    const served = await staffOrder(k.waiter, seat.sessionId, [{ menuItemId: r.menu.fries.id }]);
    for (const to of ['IN_PROGRESS', 'READY', 'SERVED'])
      expect((await moveLine(k.manager, served.lines[0]!.id, to)).statusCode).toBe(200);
    const order = await staffOrder(k.waiter, seat.sessionId, [
      { menuItemId: r.menu.fries.id },
      { menuItemId: k.beer.id },
    ]);
    expect((await moveLine(k.chef, order.lines[0]!.id, 'IN_PROGRESS')).statusCode).toBe(200);
    const other = await seatTable(t, r, 'FAMILY', 0);
    const untouched = await staffOrder(k.waiter, other.sessionId, [{ menuItemId: r.menu.fries.id }]);
    const { seq } = await ticketsOf(k.manager);
    // From here on, only what the move sends.
    await screen.heardBefore(mark(t.app.io, screen));
    screen.clear();

    const terrace = await buildTable(t.ctx, r.restaurant.id, 'Terrace 9');
    const res = await k.waiter('POST', `/api/v1/sessions/${seat.sessionId}/move`, { tableId: terrace.id });
    expect(res.statusCode, res.body).toBe(200);

    const openTickets = (await ticketsOf(k.manager)).tickets;
    expect(
      openTickets
        .filter((x) => x.orderId === order.id)
        .map((x) => [x.station.id, x.table, x.tableId])
        .sort(),
    ).toEqual(
      [
        [k.grill, 'Terrace 9', terrace.id],
        [k.bar, 'Terrace 9', terrace.id],
      ].sort(),
    );
    expect(openTickets.find((x) => x.orderId === untouched.id)?.tableId).toBe(other.tableId);
    // A screen that dropped before the move gets exactly the moved session's open tickets back, renamed.
    const caughtUp = await ticketsOf(k.manager, `?since=${seq}`);
    expect(caughtUp.tickets.map((x) => [x.orderId, x.station.id, x.table]).sort()).toEqual(
      [
        [order.id, k.grill, 'Terrace 9'],
        [order.id, k.bar, 'Terrace 9'],
      ].sort(),
    );
    expect(caughtUp.seq).toBeGreaterThan(seq);
    expect((await ticketsOf(k.manager, `?since=${caughtUp.seq}`)).tickets).toEqual([]);
    for (const station of [k.grill, k.bar]) {
      const live = await screen.waitFor(
        'ticket.updated',
        (x) => x.orderId === order.id && x.station.id === station && x.table === 'Terrace 9',
      );
      expect(live.seq).toBeGreaterThan(seq);
    }
    const m = mark(t.app.io, screen);
    const heard = await screen.heardBefore(m, 'ticket.updated');
    expect(heard.filter((e) => JSON.stringify(e.payload).includes(served.id))).toEqual([]);
  });

  it('shows an admin’s new table name on the open tickets, live and for screens catching up with since', async () => {
    const r = await buildOrderingRestaurant(t);
    const k = await buildKitchen(t, r);
    const screen = await kitchenSocket(r);
    const seat = await seatTable(t, r, 'FAMILY', 0);
    const order = await staffOrder(k.waiter, seat.sessionId, [{ menuItemId: r.menu.fries.id }]);
    const { seq } = await ticketsOf(k.manager);

    const res = await r.admin('PATCH', `/api/v1/admin/tables/${seat.tableId}`, { name: 'Window 1' });
    expect(res.statusCode, res.body).toBe(200);
    const caughtUp = await ticketsOf(k.manager, `?since=${seq}`);
    expect(caughtUp.tickets.map((x) => [x.orderId, x.table])).toEqual([[order.id, 'Window 1']]);
    const live = await screen.waitFor('ticket.updated', (x) => x.orderId === order.id && x.table === 'Window 1');
    expect(live.seq).toBeGreaterThan(seq);
    // Seats and areas are not on a ticket: changing them alone sends nothing and takes no sequence.
    const seats = await r.admin('PATCH', `/api/v1/admin/tables/${seat.tableId}`, { seats: 6 });
    expect(seats.statusCode, seats.body).toBe(200);
    expect((await ticketsOf(k.manager, `?since=${caughtUp.seq}`)).tickets).toEqual([]);
  });
});
