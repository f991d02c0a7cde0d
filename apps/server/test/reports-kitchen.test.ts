import type { KitchenReportResponse } from '@plato/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KitchenSetup, buildKitchen, orderBurgerAndBeer } from './support/kitchen-factories.ts';
import { type OrderingRestaurant, buildOrderingRestaurant, client, seatTable } from './support/order-factories.ts';
import { type TestApp, createTestApp } from './support/test-app.ts';

let t: TestApp;
let r: OrderingRestaurant;
let k: KitchenSetup;

beforeAll(async () => {
  t = await createTestApp();
  r = await buildOrderingRestaurant(t);
  k = await buildKitchen(t, r);
});
afterAll(() => t?.close());

const at = (hhmmss: string, day = '2026-03-01') => `${day}T${hhmmss}.000Z`;
const plus = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000).toISOString();

/** An order of a burger and two beers, placed (as far as the report knows) at `placedAt`. */
async function orderPlacedAt(o: OrderingRestaurant, kit: KitchenSetup, placedAt: string) {
  const { guests } = await seatTable(t, o, 'FAMILY', 1);
  const orderId = await orderBurgerAndBeer(o, kit, guests[0]!);
  await t.ctx.db.updateTable('orders').set({ created_at: placedAt }).where('id', '=', orderId).execute();
  const lines = await t.ctx.db
    .selectFrom('order_lines')
    .select(['id', 'name'])
    .where('order_id', '=', orderId)
    .execute();
  const lineOf = (name: string) => lines.find((l) => l.name === name)!.id;
  return { orderId, burger: lineOf('Burger'), beer: lineOf('Beer') };
}

/** Sets a line's stamps as if it was fired at `fired`, ready `prep` seconds later and served `pass` seconds after. */
async function stamp(lineId: string, fired: string, prep: number, pass?: number) {
  const ready = plus(fired, prep);
  await t.ctx.db
    .updateTable('order_lines')
    .set({
      fired_at: fired,
      ready_at: ready,
      served_at: pass === undefined ? null : plus(ready, pass),
      status: pass === undefined ? 'READY' : 'SERVED',
    })
    .where('id', '=', lineId)
    .execute();
}

const report = (call: typeof r.admin, from: string, to: string) =>
  call('GET', `/api/v1/reports/kitchen?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);

describe('GET /api/v1/reports/kitchen', () => {
  it('gives count, average and p90 of prep and pass times per item and per station, over orders placed in [from, to)', async () => {
    const a = await orderPlacedAt(r, k, at('12:00:00'));
    await stamp(a.burger, at('12:00:05'), 300, 60);
    await stamp(a.beer, at('12:00:05'), 60, 60);
    const b = await orderPlacedAt(r, k, at('12:10:00'));
    await stamp(b.burger, at('12:10:00'), 600);
    // A voided line is not a prep time.
    await t.ctx.db.updateTable('order_lines').set({ status: 'CANCELLED' }).where('id', '=', b.beer).execute();
    // Placed right at `from` (written with milliseconds, asked without): counted, never stamped past fired.
    await orderPlacedAt(r, k, at('00:00:00'));
    // Placed right at `to`, the day before, or still pending approval: not in the report.
    const late = await orderPlacedAt(r, k, at('00:00:00', '2026-03-02'));
    await stamp(late.burger, at('00:00:00', '2026-03-02'), 5, 5);
    const before = await orderPlacedAt(r, k, at('23:59:59', '2026-02-28'));
    await stamp(before.burger, at('23:59:59', '2026-02-28'), 5, 5);
    const pending = await orderPlacedAt(r, k, at('13:00:00'));
    await stamp(pending.burger, at('13:00:00'), 5, 5);
    await t.ctx.db.updateTable('orders').set({ approval: 'PENDING' }).where('id', '=', pending.orderId).execute();

    // Another restaurant's lines in the same window never count here (and ours never count there).
    const other = await buildOrderingRestaurant(t);
    const otherKitchen = await buildKitchen(t, other);
    const theirs = await orderPlacedAt(other, otherKitchen, at('12:30:00'));
    await stamp(theirs.burger, at('12:30:00'), 5, 5);

    const res = await report(client(t.app, r.cookies.MANAGER), '2026-03-01T00:00:00Z', '2026-03-02T00:00:00Z');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<KitchenReportResponse>();
    expect(body).toEqual({
      from: at('00:00:00'),
      to: at('00:00:00', '2026-03-02'),
      items: [
        {
          menuItemId: k.beer.id,
          name: 'Beer',
          lines: 2,
          prepAvgSeconds: 60,
          prepP90Seconds: 60,
          passAvgSeconds: 60,
          passP90Seconds: 60,
        },
        {
          menuItemId: r.menu.burger.id,
          name: 'Burger',
          lines: 3,
          prepAvgSeconds: 450,
          prepP90Seconds: 600,
          passAvgSeconds: 60,
          passP90Seconds: 60,
        },
      ],
      stations: [
        {
          stationId: k.bar,
          name: 'Bar',
          lines: 2,
          prepAvgSeconds: 60,
          prepP90Seconds: 60,
          passAvgSeconds: 60,
          passP90Seconds: 60,
        },
        {
          stationId: k.grill,
          name: 'Grill',
          lines: 3,
          prepAvgSeconds: 450,
          prepP90Seconds: 600,
          passAvgSeconds: 60,
          passP90Seconds: 60,
        },
      ],
    });

    const theirReport = await report(other.admin, at('00:00:00'), at('00:00:00', '2026-03-02'));
    expect(theirReport.json<KitchenReportResponse>().items).toEqual([
      expect.objectContaining({ name: 'Beer', lines: 1, prepAvgSeconds: null, passAvgSeconds: null }),
      {
        menuItemId: other.menu.burger.id,
        name: 'Burger',
        lines: 1,
        prepAvgSeconds: 5,
        prepP90Seconds: 5,
        passAvgSeconds: 5,
        passP90Seconds: 5,
      },
    ]);

    // An empty window answers empty lists.
    const empty = await report(r.admin, at('00:00:00', '2020-01-01'), at('00:00:00', '2020-01-02'));
    expect(empty.json()).toMatchObject({ items: [], stations: [] });
  });

  it('is for managers and admins, and refuses a window that ends before it starts', async () => {
    const from = at('00:00:00');
    const to = at('00:00:00', '2026-03-02');
    for (const role of ['CHEF', 'WAITER', 'CASHIER'] as const) {
      expect((await report(client(t.app, r.cookies[role]), from, to)).statusCode).toBe(403);
    }
    expect((await report(r.admin, from, to)).statusCode).toBe(200);
    let res = await report(r.admin, to, from);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    res = await report(r.admin, from, from);
    expect(res.statusCode).toBe(400);
    res = await r.admin('GET', `/api/v1/reports/kitchen?from=${from}`);
    expect(res.statusCode).toBe(400);
    res = await r.admin('GET', `/api/v1/reports/kitchen?from=yesterday&to=${to}`);
    expect(res.statusCode).toBe(400);
  });
});
