import type { Station } from '@plato/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KitchenSetup, buildKitchen, orderBurgerAndBeer, ticketsOf } from './support/kitchen-factories.ts';
import { type OrderingRestaurant, buildOrderingRestaurant, seatTable } from './support/order-factories.ts';
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

const createStation = (body: Record<string, unknown>) => r.admin('POST', '/api/v1/admin/stations', body);
const patchStation = (id: string, body: Record<string, unknown>) =>
  r.admin('PATCH', `/api/v1/admin/stations/${id}`, body);

describe('station thresholds', () => {
  it('default to 10 and 20 minutes, and warning must come before late', async () => {
    let res = await createStation({ name: 'Pastry' });
    expect(res.statusCode, res.body).toBe(201);
    const pastry = res.json<{ station: Station }>().station;
    expect(pastry).toMatchObject({ warnMinutes: 10, lateMinutes: 20 });

    res = await createStation({ name: 'Cold', warnMinutes: 4, lateMinutes: 8 });
    expect(res.statusCode, res.body).toBe(201);
    const cold = res.json<{ station: Station }>().station;
    expect(cold).toMatchObject({ warnMinutes: 4, lateMinutes: 8 });

    // Late before the default warning, equal thresholds, nonsense values: 400 naming the field.
    for (const [body, path] of [
      [{ name: 'Wok', lateMinutes: 5 }, 'body.lateMinutes'],
      [{ name: 'Wok', warnMinutes: 12, lateMinutes: 12 }, 'body.warnMinutes'],
      [{ name: 'Wok', warnMinutes: 0 }, 'warnMinutes'],
      [{ name: 'Wok', lateMinutes: 2.5 }, 'lateMinutes'],
    ] as const) {
      res = await createStation(body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
      expect(JSON.stringify(res.json().errors)).toContain(path);
    }

    // An update is weighed against the stored value of the other threshold.
    res = await patchStation(cold.id, { warnMinutes: 9 });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().errors).toEqual([{ path: 'body.warnMinutes', message: expect.stringMatching(/less than/) }]);
    res = await patchStation(cold.id, { lateMinutes: 3 });
    expect(res.statusCode, res.body).toBe(400);
    res = await patchStation(cold.id, { warnMinutes: 9, lateMinutes: 15 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().station).toMatchObject({ name: 'Cold', warnMinutes: 9, lateMinutes: 15 });

    const list = (await r.admin('GET', '/api/v1/admin/stations')).json<{ stations: Station[] }>().stations;
    expect(list.find((s) => s.id === cold.id)).toMatchObject({ warnMinutes: 9, lateMinutes: 15 });
    expect(list.find((s) => s.id === k.grill)).toMatchObject({ warnMinutes: 10, lateMinutes: 20 });
  });

  it("time each ticket against its own station's thresholds", async () => {
    expect((await patchStation(k.bar, { warnMinutes: 2, lateMinutes: 5 })).statusCode).toBe(200);
    const { guests } = await seatTable(t, r, 'FAMILY', 1);
    const orderId = await orderBurgerAndBeer(r, k, guests[0]!);
    const timings = async () => {
      const { tickets } = await ticketsOf(k.manager);
      const mine = tickets.filter((x) => x.orderId === orderId);
      const at = (station: string) => mine.find((x) => x.station.id === station)!;
      return { bar: at(k.bar), grill: at(k.grill) };
    };
    const fireAgo = (minutes: number) =>
      t.ctx.db
        .updateTable('order_lines')
        .set({ fired_at: new Date(Date.now() - minutes * 60_000).toISOString() })
        .where('order_id', '=', orderId)
        .execute();

    let now = await timings();
    expect([now.bar.timing, now.grill.timing]).toEqual(['ON_TIME', 'ON_TIME']);

    await fireAgo(3);
    now = await timings();
    expect([now.bar.timing, now.grill.timing]).toEqual(['WARNING', 'ON_TIME']);
    expect(now.bar.ageSeconds).toBeGreaterThanOrEqual(180);

    await fireAgo(6);
    now = await timings();
    expect([now.bar.timing, now.grill.timing]).toEqual(['LATE', 'ON_TIME']);

    await fireAgo(12);
    now = await timings();
    expect([now.bar.timing, now.grill.timing]).toEqual(['LATE', 'WARNING']);

    // Thresholds are read with the tickets: a new setting applies at once.
    expect((await patchStation(k.bar, { lateMinutes: 30, warnMinutes: 15 })).statusCode).toBe(200);
    now = await timings();
    expect(now.bar.timing).toBe('ON_TIME');
  });
});
