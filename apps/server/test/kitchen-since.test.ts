import type { KitchenTicket } from '@plato/contracts';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildKitchen, moveLine, staffOrder, ticketsOf } from './support/kitchen-factories.ts';
import { type Client, addLine, buildOrderingRestaurant, placeNewOrder, seatTable } from './support/order-factories.ts';
import { buildTable } from './support/session-factories.ts';
import { type TestApp, createTestApp } from './support/test-app.ts';

/*
 * A kitchen screen catching up after a drop: it keeps the `seq` of its last
 * answer, asks `?since=` it, and must end up with what a fresh read shows,
 * having been sent every changed ticket once and no unchanged one.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t?.close());

const isOpen = (x: KitchenTicket) => x.lines.some((l) => l.status === 'NEW' || l.status === 'IN_PROGRESS');
/** A ticket as two reads a moment apart agree on (its age runs). */
const comparable = ({ ageSeconds: _age, ...rest }: KitchenTicket) => rest;

/** What a screen keeps: the tickets it was sent, the newest of each, and the sequence to ask `since` next. */
class Screen {
  readonly tickets = new Map<string, KitchenTicket>();
  seq = 0;
  /** Every ticket id each catch-up answer held, in order. */
  readonly answers: string[][] = [];

  constructor(private readonly call: Client) {}

  async load(): Promise<void> {
    const answer = await ticketsOf(this.call);
    for (const x of answer.tickets) this.tickets.set(x.id, x);
    this.seq = answer.seq;
  }

  async catchUp(): Promise<KitchenTicket[]> {
    const answer = await ticketsOf(this.call, `?since=${this.seq}`);
    const ids = answer.tickets.map((x) => x.id);
    expect(new Set(ids).size, `one answer names a ticket once: ${ids.join(' ')}`).toBe(ids.length);
    const seqs = answer.tickets.map((x) => x.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(answer.seq).toBeGreaterThanOrEqual(this.seq);
    for (const x of answer.tickets) {
      expect(x.seq).toBeGreaterThan(this.seq);
      const had = this.tickets.get(x.id);
      // A change committed between the answer's `seq` and its tickets may come again next time: keep the newer.
      if (!had || had.seq <= x.seq) this.tickets.set(x.id, x);
    }
    this.seq = answer.seq;
    this.answers.push(ids);
    return answer.tickets;
  }

  /** What it shows: the open tickets, as a fresh read would list them. */
  shows() {
    return [...this.tickets.values()]
      .filter(isOpen)
      .map(comparable)
      .sort((a, b) => a.id.localeCompare(b.id));
  }
}

async function freshRead(call: Client) {
  return (await ticketsOf(call)).tickets.map(comparable).sort((a, b) => a.id.localeCompare(b.id));
}

const ok = async (res: Promise<{ statusCode: number; body: string }>) => {
  const done = await res;
  expect(done.statusCode, done.body).toBe(200);
};

describe('catching up with since', () => {
  it('after a drop returns exactly the changed tickets, once, and applying them gives a fresh read', async () => {
    const r = await buildOrderingRestaurant(t);
    const k = await buildKitchen(t, r);
    const main = await seatTable(t, r, 'FAMILY', 1);
    const side = await seatTable(t, r, 'FAMILY', 0);
    const fries = { menuItemId: r.menu.fries.id };
    const beer = { menuItemId: k.beer.id };
    const o1 = await staffOrder(k.waiter, main.sessionId, [fries, beer]);
    const o2 = await staffOrder(k.waiter, main.sessionId, [fries, { ...fries, course: 2 }]);
    const o3 = await staffOrder(k.waiter, main.sessionId, [beer]);
    const o4 = await staffOrder(k.waiter, side.sessionId, [fries]);
    const untouched = await staffOrder(k.waiter, main.sessionId, [fries, beer]);
    await ok(moveLine(k.chef, untouched.lines[0]!.id, 'IN_PROGRESS'));

    const screen = new Screen(k.manager);
    await screen.load();
    expect(screen.tickets.size).toBe(7);
    const dropped = screen.seq;

    // While the screen is away: a new order (by a guest), moves, a bump and a recall, voids, hold and fire, a table move.
    await addLine(main.guests[0]!, { menuItemId: r.menu.fries.id, quantity: 2 });
    await addLine(main.guests[0]!, { menuItemId: k.beer.id, quantity: 1 });
    const o5 = await placeNewOrder(main.guests[0]!);
    await ok(moveLine(k.chef, o1.lines[0]!.id, 'IN_PROGRESS'));
    await ok(k.chef('POST', `/api/v1/kitchen/tickets/${o1.lines[1]!.id}/bump`));
    await ok(k.chef('POST', '/api/v1/kitchen/recall', { station: k.bar }));
    await ok(k.chef('POST', `/api/v1/kitchen/tickets/${o1.lines[0]!.id}/bump`));
    await ok(moveLine(k.waiter, o1.lines[0]!.id, 'SERVED'));
    await ok(moveLine(k.waiter, o3.lines[0]!.id, 'CANCELLED', 'Spilled'));
    await ok(k.waiter('POST', `/api/v1/orders/${o2.id}/courses/2/fire`));
    await ok(k.waiter('POST', `/api/v1/orders/${o5.id}/courses/1/hold`));
    await ok(k.waiter('POST', `/api/v1/orders/${o5.id}/courses/1/fire`));
    const moved = await buildTable(t.ctx, r.restaurant.id, 'Window 2');
    await ok(k.waiter('POST', `/api/v1/sessions/${side.sessionId}/move`, { tableId: moved.id }));

    const changed = await screen.catchUp();
    const at = (x: KitchenTicket) => `${x.orderNumber}@${x.station.name}`;
    const n = (o: { number: number }, station: string) => `${o.number}@${station}`;
    expect(changed.map(at).sort()).toEqual(
      [n(o1, 'Grill'), n(o1, 'Bar'), n(o2, 'Grill'), n(o3, 'Bar'), n(o4, 'Grill'), n(o5, 'Grill'), n(o5, 'Bar')].sort(),
    );
    expect(changed.map(at)).not.toContain(n(untouched, 'Grill'));
    expect(changed.every((x) => x.seq > dropped)).toBe(true);
    // Each as it is now: the served grill ticket, the voided bar one, the other table's name.
    const find = (o: { id: string }, station: string) =>
      changed.find((x) => x.orderId === o.id && x.station.id === station)!;
    expect(find(o1, k.grill).status).toBe('SERVED');
    expect(find(o1, k.bar).status).toBe('IN_PROGRESS');
    expect(find(o3, k.bar).lines[0]).toMatchObject({ status: 'CANCELLED', cancelReason: 'Spilled' });
    expect(find(o2, k.grill).lines.map((l) => l.held)).toEqual([false, false]);
    expect(find(o4, k.grill).table).toBe('Window 2');
    expect(screen.shows()).toEqual(await freshRead(k.manager));
    // Nothing more to catch up with; a screen caught up asks again and gets nothing twice.
    expect(await screen.catchUp()).toEqual([]);
    expect(screen.seq).toBe(changed.at(-1)!.seq);
  });

  it('a station screen catches up with its own station only', async () => {
    const r = await buildOrderingRestaurant(t);
    const k = await buildKitchen(t, r);
    const { sessionId } = await seatTable(t, r, 'FAMILY', 0);
    const { seq } = await ticketsOf(k.chef, `?station=${k.bar}`);
    const order = await staffOrder(k.waiter, sessionId, [{ menuItemId: r.menu.fries.id }, { menuItemId: k.beer.id }]);
    const answer = await ticketsOf(k.chef, `?station=${k.bar}&since=${seq}`);
    expect(answer.tickets.map((x) => [x.orderId, x.station.id])).toEqual([[order.id, k.bar]]);
  });

  it('misses nothing while orders and moves race the reads', async () => {
    const r = await buildOrderingRestaurant(t);
    const k = await buildKitchen(t, r);
    const seat = await seatTable(t, r, 'INDIVIDUAL', 4);
    const other = await seatTable(t, r, 'FAMILY', 0);
    const screen = new Screen(k.manager);
    await screen.load();

    let writing = true;
    const reads = (async () => {
      // A pause between reads lets the writers through (SQLite runs one transaction at a time in this process).
      while (writing) {
        await screen.catchUp();
        await sleep(3);
      }
    })();
    const placed: string[] = [];
    const guests = seat.guests.map(async (guest) => {
      for (let i = 0; i < 3; i++) {
        await addLine(guest, { menuItemId: i % 2 ? k.beer.id : r.menu.fries.id, quantity: 1 });
        placed.push((await placeNewOrder(guest)).id);
      }
    });
    const waiter = (async () => {
      for (let i = 0; i < 6; i++) {
        const order = await staffOrder(k.waiter, other.sessionId, [
          { menuItemId: r.menu.fries.id },
          { menuItemId: k.beer.id },
        ]);
        placed.push(order.id);
        await ok(moveLine(k.chef, order.lines[0]!.id, 'IN_PROGRESS'));
        if (i % 2) await ok(moveLine(k.waiter, order.lines[1]!.id, 'CANCELLED', 'Race'));
        else await ok(k.chef('POST', `/api/v1/kitchen/tickets/${order.lines[0]!.id}/bump`));
      }
    })();
    await Promise.all([...guests, waiter]);
    writing = false;
    await reads;
    await screen.catchUp();

    expect(screen.answers.length).toBeGreaterThan(1);
    const seen = new Set([...screen.tickets.values()].map((x) => x.orderId));
    expect(placed.filter((id) => !seen.has(id))).toEqual([]);
    expect(screen.shows()).toEqual(await freshRead(k.manager));
  });
});
