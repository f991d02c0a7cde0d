import { type Cart, LIMITS } from '@plato/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { expectFieldError, expectProblem } from './support/menu-helpers.ts';
import {
  type OrderingRestaurant,
  type SeatedGuest,
  addLine,
  buildOrderingRestaurant,
  burgerLine,
  seatTable,
} from './support/order-factories.ts';
import { type TestApp, createTestApp } from './support/test-app.ts';

let t: TestApp;
let r: OrderingRestaurant;
let other: OrderingRestaurant;

beforeAll(async () => {
  t = await createTestApp();
  r = await buildOrderingRestaurant(t);
  other = await buildOrderingRestaurant(t);
});
afterAll(() => t?.close());
afterEach(() => vi.restoreAllMocks());

const cartOf = async (g: SeatedGuest): Promise<Cart> => {
  const res = await g.call('GET', '/api/v1/guest/cart');
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Cart>();
};

describe('FAMILY: one shared cart', () => {
  it('prices lines from the menu, remembers who added each, and every guest sees and edits the same cart', async () => {
    const { guests } = await seatTable(t, r, 'FAMILY');
    const [a, b] = guests as [SeatedGuest, SeatedGuest];
    expect(await cartOf(a)).toEqual({ version: 0, lines: [], totalCents: 0 });

    const afterA = await addLine(a, { ...burgerLine(r.menu, [r.menu.bacon], 2), note: '  no pickles ' });
    expect(afterA.version).toBe(1);
    expect(afterA.lines).toEqual([
      {
        id: expect.any(String),
        menuItemId: r.menu.burger.id,
        name: 'Burger',
        quantity: 2,
        options: [
          { id: r.menu.rare.id, name: 'Rare', priceDeltaCents: 0 },
          { id: r.menu.bacon.id, name: 'Bacon', priceDeltaCents: 200 },
        ],
        note: 'no pickles',
        unitPriceCents: 1650,
        lineTotalCents: 3300,
        guestId: a.id,
        course: 1,
        available: true,
      },
    ]);
    expect(await cartOf(b)).toEqual(afterA);

    const afterB = await addLine(b, { menuItemId: r.menu.fries.id, quantity: 3 });
    expect(afterB.version).toBe(2);
    expect(afterB.lines.map((l) => [l.name, l.guestId, l.lineTotalCents])).toEqual([
      ['Burger', a.id, 3300],
      ['Fries', b.id, 1200],
    ]);
    expect(afterB.totalCents).toBe(4500);

    // B changes and removes A's line: it is the table's cart.
    const burgerId = afterB.lines[0]!.id;
    const patched = await b.call('PATCH', `/api/v1/guest/cart/lines/${burgerId}`, {
      quantity: 1,
      note: 'extra crispy',
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json<Cart>()).toMatchObject({ version: 3, totalCents: 1650 + 1200 });
    expect(patched.json<Cart>().lines[0]).toMatchObject({ quantity: 1, note: 'extra crispy', guestId: a.id });
    const noteOnly = await a.call('PATCH', `/api/v1/guest/cart/lines/${burgerId}`, { note: '' });
    expect(noteOnly.json<Cart>().lines[0]).toMatchObject({ quantity: 1, note: '' });

    const removed = await b.call('DELETE', `/api/v1/guest/cart/lines/${burgerId}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json<Cart>()).toMatchObject({ version: 5, totalCents: 1200 });
    expect(await cartOf(a)).toEqual(removed.json<Cart>());
  });

  it('tells the devices sharing the cart after commit, with the cart as GET answers it; a refused change tells nobody', async () => {
    const { sessionId, guests } = await seatTable(t, r, 'FAMILY', 1);
    const a = guests[0]!;
    const spy = vi.spyOn(t.ctx.live, 'cartUpdated');
    const cart = await addLine(a, { menuItemId: r.menu.fries.id, quantity: 1 });
    expect(spy).toHaveBeenCalledTimes(1);
    expect(spy).toHaveBeenCalledWith(sessionId, 'TABLE', cart);
    expect(await cartOf(a)).toEqual(cart);

    await a.call('POST', '/api/v1/guest/cart/lines', { menuItemId: r.menu.burger.id, quantity: 1 });
    await a.call('DELETE', '/api/v1/guest/cart/lines/nope');
    expect(spy).toHaveBeenCalledTimes(1);
  });

  it('loses no update when two guests add at once: 40 parallel adds → 40 lines, 40 distinct versions', async () => {
    const { guests } = await seatTable(t, r, 'FAMILY');
    const [a, b] = guests as [SeatedGuest, SeatedGuest];
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? a : b).call('POST', '/api/v1/guest/cart/lines', {
          menuItemId: r.menu.fries.id,
          quantity: 1,
          note: `n${i}`,
        }),
      ),
    );
    expect(results.map((res) => res.statusCode)).toEqual(Array(40).fill(200));
    const versions = results.map((res) => res.json<Cart>().version);
    expect(new Set(versions).size).toBe(40);
    expect(Math.max(...versions)).toBe(40);
    // Each answer shows exactly the lines committed up to its version.
    for (const res of results) expect(res.json<Cart>().lines).toHaveLength(res.json<Cart>().version);
    const final = await cartOf(a);
    expect(final.version).toBe(40);
    expect(final.lines.map((l) => l.note).sort()).toEqual(Array.from({ length: 40 }, (_, i) => `n${i}`).sort());
    expect(final.lines.filter((l) => l.guestId === a.id)).toHaveLength(20);
  });
});

describe('INDIVIDUAL: one cart per guest', () => {
  it("keeps carts apart: a guest sees only their own lines and another guest's line id is 404", async () => {
    const { sessionId, guests } = await seatTable(t, r, 'INDIVIDUAL');
    const [a, b] = guests as [SeatedGuest, SeatedGuest];
    const spy = vi.spyOn(t.ctx.live, 'cartUpdated');
    const cartA = await addLine(a, { menuItemId: r.menu.fries.id, quantity: 2 });
    expect(spy).toHaveBeenCalledWith(sessionId, { guestId: a.id }, cartA);
    expect(await cartOf(b)).toEqual({ version: 0, lines: [], totalCents: 0 });

    const lineA = cartA.lines[0]!.id;
    expectProblem(await b.call('PATCH', `/api/v1/guest/cart/lines/${lineA}`, { quantity: 5 }), 404, 'NOT_FOUND');
    expectProblem(await b.call('DELETE', `/api/v1/guest/cart/lines/${lineA}`), 404, 'NOT_FOUND');
    expect(await cartOf(a)).toEqual(cartA);

    const cartB = await addLine(b, { menuItemId: r.menu.lemonade.id, quantity: 1 });
    expect(cartB.lines.map((l) => l.name)).toEqual(['Lemonade']);
    expect(cartB.version).toBe(1);
    expect((await cartOf(a)).lines.map((l) => l.name)).toEqual(['Fries']);
  });

  it("answers 404 for a line of another session or another restaurant's session", async () => {
    const mine = (await seatTable(t, r, 'FAMILY', 1)).guests[0]!;
    const elsewhere = (await seatTable(t, other, 'FAMILY', 1)).guests[0]!;
    const sameRestaurant = (await seatTable(t, r, 'FAMILY', 1)).guests[0]!;
    const foreignLine = (await addLine(elsewhere, { menuItemId: other.menu.fries.id, quantity: 1 })).lines[0]!.id;
    const neighbourLine = (await addLine(sameRestaurant, { menuItemId: r.menu.fries.id, quantity: 1 })).lines[0]!.id;
    for (const id of [foreignLine, neighbourLine]) {
      expectProblem(await mine.call('PATCH', `/api/v1/guest/cart/lines/${id}`, { quantity: 2 }), 404, 'NOT_FOUND');
      expectProblem(await mine.call('DELETE', `/api/v1/guest/cart/lines/${id}`), 404, 'NOT_FOUND');
    }
    expect((await cartOf(elsewhere)).lines[0]!.quantity).toBe(1);
    expect((await cartOf(sameRestaurant)).lines).toHaveLength(1);
  });
});

describe('what the menu allows', () => {
  let guest: SeatedGuest;
  let before: Cart;
  beforeAll(async () => {
    guest = (await seatTable(t, r, 'FAMILY', 1)).guests[0]!;
    before = await addLine(guest, burgerLine(r.menu));
  });
  const add = (body: unknown) => guest.call('POST', '/api/v1/guest/cart/lines', body);
  const unchanged = async () => expect(await cartOf(guest)).toEqual(before);

  it("answers 404 for an unknown item or another restaurant's", async () => {
    expectProblem(await add({ menuItemId: 'no-such-item', quantity: 1 }), 404, 'NOT_FOUND');
    expectProblem(await add({ menuItemId: other.menu.fries.id, quantity: 1 }), 404, 'NOT_FOUND');
    await unchanged();
  });

  it("answers 400 naming the group when a group's min/max is not met, and for foreign or repeated options", async () => {
    const { rare, wellDone, bacon, cheese, egg, burger } = r.menu;
    const cases: [string[], RegExp][] = [
      [[], /Cooking/],
      [[bacon.id], /Cooking/],
      [[rare.id, wellDone.id], /Cooking/],
      [[rare.id, bacon.id, cheese.id, egg.id], /Extras/],
      [[rare.id, rare.id], /repeat/],
      [[rare.id, other.menu.bacon.id], /not a choice/],
      [[rare.id, 'made-up'], /not a choice/],
    ];
    for (const [optionIds, message] of cases) {
      const body = expectFieldError(await add({ menuItemId: burger.id, quantity: 1, optionIds }), 'body.optionIds');
      expect(
        body.errors!.some((e) => message.test(e.message)),
        JSON.stringify(body),
      ).toBe(true);
    }
    // Fries have no groups: options are not allowed, none are required.
    expectFieldError(await add({ menuItemId: r.menu.fries.id, quantity: 1, optionIds: [rare.id] }), 'body.optionIds');
    await unchanged();
  });

  it('answers 400 for a bad quantity, note, field or line id', async () => {
    const fries = r.menu.fries.id;
    for (const [body, field] of [
      [{ menuItemId: fries, quantity: 0 }, 'body.quantity'],
      [{ menuItemId: fries, quantity: 100 }, 'body.quantity'],
      [{ menuItemId: fries, quantity: 1.5 }, 'body.quantity'],
      [{ menuItemId: fries, quantity: '2' }, 'body.quantity'],
      [{ menuItemId: fries }, 'body.quantity'],
      [{ quantity: 1 }, 'body.menuItemId'],
      [{ menuItemId: '', quantity: 1 }, 'body.menuItemId'],
      [{ menuItemId: fries, quantity: 1, note: 'x'.repeat(LIMITS.noteMaxLength + 1) }, 'body.note'],
      [{ menuItemId: fries, quantity: 1, optionIds: 'a' }, 'body.optionIds'],
      [{ menuItemId: fries, quantity: 1, optionIds: Array.from({ length: 51 }, (_, i) => `o${i}`) }, 'body.optionIds'],
      [{ menuItemId: fries, quantity: 1, price: 1 }, 'body.price'],
    ] as const) {
      expectFieldError(await add(body), field);
    }
    expectProblem(
      await guest.call('POST', '/api/v1/guest/cart/lines', 'not json', { 'content-type': 'application/json' }),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(await guest.call('GET', '/api/v1/guest/cart?x=1'), 400, 'VALIDATION_FAILED');

    const lineId = before.lines[0]!.id;
    const patch = (body: unknown, id = lineId) => guest.call('PATCH', `/api/v1/guest/cart/lines/${id}`, body);
    expectProblem(await patch({}), 400, 'VALIDATION_FAILED');
    expectFieldError(await patch({ quantity: 0 }), 'body.quantity');
    expectFieldError(await patch({ quantity: 1, menuItemId: r.menu.fries.id }), 'body.menuItemId');
    expectFieldError(await patch({ note: 'x'.repeat(201) }), 'body.note');
    expectProblem(await patch({ quantity: 2 }, 'x'.repeat(65)), 400, 'VALIDATION_FAILED');
    expectProblem(await guest.call('DELETE', `/api/v1/guest/cart/lines/${'x'.repeat(65)}`), 400, 'VALIDATION_FAILED');
    await unchanged();
  });

  it("answers 409 ITEM_UNAVAILABLE naming an 86'd item or option", async () => {
    const seated = (await seatTable(t, other, 'FAMILY', 1)).guests[0]!;
    const m = other.menu;
    await other.admin('POST', `/api/v1/admin/items/${m.fries.id}/availability`, { available: false });
    await other.admin('POST', `/api/v1/admin/modifier-options/${m.cheese.id}/availability`, { available: false });

    const item = expectProblem(
      await seated.call('POST', '/api/v1/guest/cart/lines', { menuItemId: m.fries.id, quantity: 1 }),
      409,
      'ITEM_UNAVAILABLE',
    );
    expect(item.detail).toContain('Fries');
    expect((item as unknown as { items: unknown }).items).toEqual([{ menuItemId: m.fries.id, name: 'Fries' }]);

    const option = expectProblem(
      await seated.call('POST', '/api/v1/guest/cart/lines', {
        menuItemId: m.burger.id,
        quantity: 1,
        optionIds: [m.rare.id, m.cheese.id],
      }),
      409,
      'ITEM_UNAVAILABLE',
    );
    expect(option.detail).toContain('Cheese');
    expect((option as unknown as { items: unknown }).items).toEqual([
      { menuItemId: m.burger.id, name: 'Burger', option: { id: m.cheese.id, name: 'Cheese' } },
    ]);
    expect(await cartOf(seated)).toEqual({ version: 0, lines: [], totalCents: 0 });

    await other.admin('POST', `/api/v1/admin/items/${m.fries.id}/availability`, { available: true });
    await other.admin('POST', `/api/v1/admin/modifier-options/${m.cheese.id}/availability`, { available: true });
  });

  it('holds at most LIMITS.cartMaxLines lines', async () => {
    const seated = (await seatTable(t, r, 'INDIVIDUAL', 1)).guests[0]!;
    for (let i = 0; i < LIMITS.cartMaxLines; i++) await addLine(seated, { menuItemId: r.menu.fries.id, quantity: 1 });
    expectProblem(
      await seated.call('POST', '/api/v1/guest/cart/lines', { menuItemId: r.menu.fries.id, quantity: 1 }),
      409,
      'CONFLICT',
    );
    const after = await cartOf(seated);
    expect(after.lines).toHaveLength(LIMITS.cartMaxLines);
    // A refused change leaves the version where it was, though every change bumps it first.
    expect(after.version).toBe(LIMITS.cartMaxLines);
  });
});

describe('prices and availability follow the menu', () => {
  it("shows today's price and marks lines whose item or option was 86'd since", async () => {
    const fresh = await buildOrderingRestaurant(t);
    const guest = (await seatTable(t, fresh, 'FAMILY', 1)).guests[0]!;
    const m = fresh.menu;
    await addLine(guest, burgerLine(m, [m.egg]));
    await addLine(guest, { menuItemId: m.fries.id, quantity: 2 });

    expect((await fresh.admin('PATCH', `/api/v1/admin/items/${m.burger.id}`, { priceCents: 1500 })).statusCode).toBe(
      200,
    );
    expect(
      (await fresh.admin('PATCH', `/api/v1/admin/modifier-options/${m.egg.id}`, { priceDeltaCents: 90 })).statusCode,
    ).toBe(200);
    let cart = await cartOf(guest);
    expect(cart.lines.map((l) => [l.unitPriceCents, l.lineTotalCents, l.available])).toEqual([
      [1590, 1590, true],
      [400, 800, true],
    ]);
    expect(cart.totalCents).toBe(2390);

    await fresh.admin('POST', `/api/v1/admin/modifier-options/${m.egg.id}/availability`, { available: false });
    await fresh.admin('POST', `/api/v1/admin/items/${m.fries.id}/availability`, { available: false });
    cart = await cartOf(guest);
    expect(cart.lines.map((l) => l.available)).toEqual([false, false]);
    // Reading the cart is not a change.
    expect(cart.version).toBe(2);
  });
});
