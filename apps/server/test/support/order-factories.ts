import type {
  Cart,
  Category,
  MenuItem,
  ModifierGroup,
  ModifierOption,
  Order,
  SessionMode,
  StaffRole,
} from '@plato/contracts';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { buildRestaurantWithStaff } from './factories.ts';
import { buildTable, joinAs, openSession } from './session-factories.ts';
import type { TestApp } from './test-app.ts';

/** Shared by the guest-menu, cart and orders tests: a priced menu, a seated table, guest and staff shortcuts. */

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** An HTTP client that sends one cookie (a guest's or a member of staff's). */
export function client(app: FastifyInstance, cookie: string) {
  return (method: Method, url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    app.inject({
      method,
      url,
      headers: { cookie, ...headers },
      ...(payload !== undefined && { payload: payload as InjectOptions['payload'] }),
    });
}
export type Client = ReturnType<typeof client>;

async function created<T>(res: Promise<LightMyRequestResponse>): Promise<T> {
  const r = await res;
  expect(r.statusCode, r.body).toBe(201);
  return r.json<T>();
}

export interface TestMenu {
  stationId: string;
  mains: Category;
  /** 1450; "Cooking" (exactly one: Rare +0, Well done +50) and "Extras" (up to two: Bacon +200, Cheese +100, Egg +80). */
  burger: MenuItem;
  cooking: ModifierGroup;
  rare: ModifierOption;
  wellDone: ModifierOption;
  extras: ModifierGroup;
  bacon: ModifierOption;
  cheese: ModifierOption;
  egg: ModifierOption;
  /** 400, no choices, French translation. */
  fries: MenuItem;
  drinks: Category;
  /** 350, in Drinks. */
  lemonade: MenuItem;
}

/** A small menu with required and optional groups, built through the admin API. */
export async function buildTestMenu(app: FastifyInstance, adminCookie: string): Promise<TestMenu> {
  const admin = client(app, adminCookie);
  const api = (path: string, body: unknown) =>
    created<Record<string, unknown>>(admin('POST', `/api/v1/admin${path}`, body));
  const stationId = ((await api('/stations', { name: 'Grill' })).station as { id: string }).id;
  const mains = (await api('/categories', { name: 'Mains', position: 1, translations: { fr: { name: 'Plats' } } }))
    .category as Category;
  const drinks = (await api('/categories', { name: 'Drinks', position: 2 })).category as Category;
  await api('/categories', { name: 'Desserts', position: 3 });
  const item = async (body: Record<string, unknown>) => (await api('/items', { stationId, ...body })).item as MenuItem;
  const burger = await item({
    categoryId: mains.id,
    name: 'Burger',
    priceCents: 1450,
    allergens: ['GLUTEN', 'MILK'],
    tags: ['POPULAR'],
  });
  const group = async (name: string, minSelections: number, maxSelections: number) =>
    (await api(`/items/${burger.id}/modifier-groups`, { name, minSelections, maxSelections }))
      .modifierGroup as ModifierGroup;
  const option = async (groupId: string, name: string, priceDeltaCents: number) =>
    (await api(`/modifier-groups/${groupId}/options`, { name, priceDeltaCents })).modifierOption as ModifierOption;
  const cooking = await group('Cooking', 1, 1);
  const rare = await option(cooking.id, 'Rare', 0);
  const wellDone = await option(cooking.id, 'Well done', 50);
  const extras = await group('Extras', 0, 2);
  const bacon = await option(extras.id, 'Bacon', 200);
  const cheese = await option(extras.id, 'Cheese', 100);
  const egg = await option(extras.id, 'Egg', 80);
  const fries = await item({
    categoryId: mains.id,
    name: 'Fries',
    description: 'Hand-cut',
    priceCents: 400,
    tags: ['VEGAN'],
    translations: { fr: { name: 'Frites', description: 'Coupées main' } },
  });
  const lemonade = await item({ categoryId: drinks.id, name: 'Lemonade', priceCents: 350 });
  return { stationId, mains, burger, cooking, rare, wellDone, extras, bacon, cheese, egg, fries, drinks, lemonade };
}

export interface OrderingRestaurant {
  restaurant: { id: string; slug: string };
  cookies: Record<StaffRole, string>;
  ids: Record<StaffRole, string>;
  menu: TestMenu;
  admin: Client;
}

/** A restaurant with one signed-in member of staff per role and the test menu. */
export async function buildOrderingRestaurant(
  t: TestApp,
  settings: { orderApproval?: boolean } = {},
): Promise<OrderingRestaurant> {
  const { restaurant, cookies, ids } = await buildRestaurantWithStaff(t.app, t.ctx);
  const admin = client(t.app, cookies.ADMIN);
  if (settings.orderApproval !== undefined) {
    const res = await admin('PATCH', '/api/v1/admin/settings', { orderApproval: settings.orderApproval });
    expect(res.statusCode, res.body).toBe(200);
  }
  return { restaurant, cookies, ids, menu: await buildTestMenu(t.app, cookies.ADMIN), admin };
}

export interface SeatedGuest {
  id: string;
  cookie: string;
  /** This guest's client. */
  call: Client;
}

export interface SeatedTable {
  sessionId: string;
  tableId: string;
  guests: SeatedGuest[];
}

/** A waiter opens a table in `mode` and `guests` phones join it with the PIN, all through HTTP. */
export async function seatTable(
  t: TestApp,
  r: OrderingRestaurant,
  mode: SessionMode,
  guests = 2,
): Promise<SeatedTable> {
  const table = await buildTable(t.ctx, r.restaurant.id);
  const { session, pin } = await openSession(t.app, r.cookies.WAITER, table.id, mode);
  const seated: SeatedGuest[] = [];
  for (let i = 0; i < guests; i++) {
    const joined = await joinAs(t.app, table.qrToken, pin, `Guest ${String.fromCharCode(65 + i)}`);
    seated.push({ id: joined.guest.id, cookie: joined.cookie, call: client(t.app, joined.cookie) });
  }
  return { sessionId: session.id, tableId: table.id, guests: seated };
}

export interface LineBody {
  menuItemId: string;
  quantity: number;
  optionIds?: string[];
  note?: string;
  course?: number;
}

/** Adds a line and expects it to succeed; answers the cart. */
export async function addLine(guest: SeatedGuest, body: LineBody): Promise<Cart> {
  const res = await guest.call('POST', '/api/v1/guest/cart/lines', body);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Cart>();
}

/** A valid burger: rare, with the given extras. */
export const burgerLine = (m: TestMenu, extras: ModifierOption[] = [], quantity = 1): LineBody => ({
  menuItemId: m.burger.id,
  quantity,
  optionIds: [m.rare.id, ...extras.map((o) => o.id)],
});

let keySeq = 0;
export const newKey = (): string => `key-${Date.now()}-${++keySeq}`;

export const placeOrder = (guest: SeatedGuest, key: string = newKey(), body?: unknown) =>
  guest.call('POST', '/api/v1/guest/orders', body, { 'idempotency-key': key });

/** Places an order that must be new (201) and answers it. */
export async function placeNewOrder(guest: SeatedGuest, key: string = newKey()): Promise<Order> {
  const res = await placeOrder(guest, key);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ order: Order }>().order;
}

/** Rows the tests count to prove that a refused request changed nothing. */
export async function orderState(t: TestApp, restaurantId: string) {
  const db = t.ctx.db;
  const [orders, lines, counter, carts, cartLines] = await Promise.all([
    db.selectFrom('orders').select(['id']).where('restaurant_id', '=', restaurantId).execute(),
    db
      .selectFrom('order_lines')
      .select(['id', 'status'])
      .where('restaurant_id', '=', restaurantId)
      .orderBy('id')
      .execute(),
    db.selectFrom('order_counters').select('last_number').where('restaurant_id', '=', restaurantId).executeTakeFirst(),
    db.selectFrom('carts').select(['id', 'version']).where('restaurant_id', '=', restaurantId).orderBy('id').execute(),
    db
      .selectFrom('cart_lines')
      .select(['id', 'quantity', 'note'])
      .where('restaurant_id', '=', restaurantId)
      .orderBy('id')
      .execute(),
  ]);
  return { orders: orders.length, lines, counter: counter?.last_number ?? 0, carts, cartLines };
}
