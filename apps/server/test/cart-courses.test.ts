import type { Cart, Order } from '@plato/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KitchenSetup, buildKitchen, ticketsOf } from './support/kitchen-factories.ts';
import {
  type OrderingRestaurant,
  addLine,
  buildOrderingRestaurant,
  burgerLine,
  placeNewOrder,
  seatTable,
} from './support/order-factories.ts';
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

describe('courses chosen by guests', () => {
  it('are kept on cart lines and carried into the order, where later courses arrive held', async () => {
    const { guests } = await seatTable(t, r, 'FAMILY', 2);
    const [a, b] = [guests[0]!, guests[1]!];
    await addLine(a, burgerLine(r.menu));
    let cart = await addLine(b, { menuItemId: r.menu.fries.id, quantity: 1, course: 2 });
    expect(cart.lines.map((l) => [l.name, l.course])).toEqual([
      ['Burger', 1],
      ['Fries', 2],
    ]);
    const fries = cart.lines[1]!;

    // A course outside 1..COURSE_MAX is refused; a change of course alone is a change.
    for (const course of [0, 6, 1.5]) {
      const res = await a.call('PATCH', `/api/v1/guest/cart/lines/${fries.id}`, { course });
      expect(res.statusCode, res.body).toBe(400);
    }
    let res = await a.call('POST', '/api/v1/guest/cart/lines', {
      menuItemId: r.menu.lemonade.id,
      quantity: 1,
      course: 9,
    });
    expect(res.statusCode, res.body).toBe(400);
    res = await a.call('PATCH', `/api/v1/guest/cart/lines/${fries.id}`, { course: 3 });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Cart>().lines.find((l) => l.id === fries.id)!.course).toBe(3);
    cart = await addLine(a, { menuItemId: r.menu.lemonade.id, quantity: 2, course: 2 });

    // Every read of the cart shows the course: the cart route and the session view.
    res = await b.call('GET', '/api/v1/guest/cart');
    expect(res.json<Cart>().lines.map((l) => l.course)).toEqual([1, 3, 2]);
    res = await b.call('GET', '/api/v1/guest/session');
    expect(res.json<{ cart: Cart }>().cart.lines.map((l) => l.course)).toEqual([1, 3, 2]);

    const order: Order = await placeNewOrder(a);
    expect(order.lines.map((l) => [l.name, l.course, l.held])).toEqual([
      ['Burger', 1, false],
      ['Fries', 3, true],
      ['Lemonade', 2, true],
    ]);
    const stored = await t.ctx.db
      .selectFrom('order_lines')
      .select(['name', 'course', 'held', 'fired_at'])
      .where('order_id', '=', order.id)
      .orderBy('position')
      .execute();
    expect(stored.map((l) => [l.name, l.course, Boolean(l.held), l.fired_at !== null])).toEqual([
      ['Burger', 1, false, true],
      ['Fries', 3, true, false],
      ['Lemonade', 2, true, false],
    ]);

    // The kitchen sees the later courses held until a waiter fires them.
    const heldOf = async () => {
      const { tickets } = await ticketsOf(k.manager);
      return tickets
        .filter((x) => x.orderId === order.id)
        .flatMap((x) => x.lines)
        .map((l) => [l.name, l.course, l.held])
        .sort();
    };
    expect(await heldOf()).toEqual([
      ['Burger', 1, false],
      ['Fries', 3, true],
      ['Lemonade', 2, true],
    ]);
    res = await k.waiter('POST', `/api/v1/orders/${order.id}/courses/2/fire`);
    expect(res.statusCode, res.body).toBe(200);
    expect(await heldOf()).toEqual([
      ['Burger', 1, false],
      ['Fries', 3, true],
      ['Lemonade', 2, false],
    ]);
  });

  it('default to the first course when the guest names none', async () => {
    const { guests } = await seatTable(t, r, 'INDIVIDUAL', 1);
    const cart = await addLine(guests[0]!, { menuItemId: r.menu.lemonade.id, quantity: 1 });
    expect(cart.lines.map((l) => l.course)).toEqual([1]);
    const order = await placeNewOrder(guests[0]!);
    expect(order.lines.map((l) => [l.course, l.held])).toEqual([[1, false]]);
  });
});
