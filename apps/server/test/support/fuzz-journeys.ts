import type { SessionMode } from '@plato/contracts';
import fc from 'fast-check';
import { type FuzzWorld, json, routeOf } from './fuzz-world.ts';
import { ODD_TEXT } from './openapi-fuzz.ts';
import { buildTable } from './session-factories.ts';

/**
 * Stateful runs for the fuzz test: some 5xx only show after state is built
 * (many cart adds then an order, a price raised under a full cart, a rejoin
 * by name), so a journey seats a table and plays a drawn sequence of guest
 * and staff steps on it, then reads every view of what it left.
 */

const NAMES = [
  'Élodie',
  'ÉLODIE',
  'Øyvind',
  'Ünal',
  'İlkay',
  'Zoë',
  'Ana',
  'ana',
  'Guest 1',
  '😀',
  'a\u0000b',
  'x'.repeat(40),
];
const quantity = fc.oneof(fc.constantFrom(99, 98, 50, 2), fc.integer({ min: 1, max: 99 }));
const note = fc.oneof(fc.constant(undefined), fc.constantFrom(...ODD_TEXT), fc.string({ maxLength: 200 }));
/** One step of a guest's or staff member's journey; numbers pick among the live ids when it runs. */
export const step = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('join' as const),
      name: fc.oneof(fc.constantFrom(...NAMES), fc.string({ minLength: 1, maxLength: 40 })),
      again: fc.boolean(),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      t: fc.constant('add' as const),
      guest: fc.nat(),
      item: fc.nat(),
      quantity,
      extra: fc.array(fc.nat(), { maxLength: 3 }),
      note,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('patch' as const),
      guest: fc.nat(),
      line: fc.nat(),
      quantity: fc.option(quantity, { nil: undefined }),
      note,
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('delete' as const), guest: fc.nat(), line: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      t: fc.constant('order' as const),
      guest: fc.nat(),
      key: fc.constantFrom('a', 'b', 'c'),
      version: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ t: fc.constant('call' as const), guest: fc.nat(), kind: fc.constantFrom('WAITER', 'BILL') }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('read' as const), guest: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('staffOrder' as const),
      lines: fc.array(fc.record({ item: fc.nat(), quantity }), { minLength: 1, maxLength: 30 }),
      key: fc.constantFrom('s1', 's2'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('decide' as const),
      order: fc.nat(),
      accept: fc.boolean(),
      reason: fc.option(fc.constantFrom(...ODD_TEXT), { nil: undefined }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('price' as const),
      item: fc.nat(),
      priceCents: fc.oneof(
        fc.constantFrom(100_000_000, 99_999_999, 50_000_001, 0),
        fc.integer({ min: 0, max: 100_000_000 }),
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('optionPrice' as const),
      option: fc.nat(),
      delta: fc.constantFrom(100_000_000, -100_000_000, 0),
    }),
  },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('86' as const), item: fc.nat(), available: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('settings' as const),
      orderApproval: fc.boolean(),
      taxRateBps: fc.constantFrom(0, 10_000),
      serviceChargeBps: fc.constantFrom(0, 10_000),
      taxInclusive: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('pin' as const) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('move' as const) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('callAction' as const), call: fc.nat(), resolve: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('staffRead' as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      t: fc.constant('close' as const),
      reason: fc.option(fc.constantFrom('Walked out', 'é\u0000'), { nil: undefined }),
    }),
  },
);
export type Step = typeof step extends fc.Arbitrary<infer S> ? S : never;

const pick = <T>(list: readonly T[], i: number): T | undefined => (list.length ? list[i % list.length] : undefined);

async function optionsFor(w: FuzzWorld, itemId: string, extra: number[]): Promise<string[]> {
  const groups = await w.t.ctx.db
    .selectFrom('modifier_groups')
    .innerJoin('modifier_options', 'modifier_options.group_id', 'modifier_groups.id')
    .select([
      'modifier_groups.id as groupId',
      'modifier_groups.min_selections as min',
      'modifier_options.id as optionId',
    ])
    .where('modifier_groups.item_id', '=', itemId)
    .orderBy('modifier_options.id')
    .execute();
  const chosen = new Set<string>();
  for (const g of new Set(groups.map((x) => x.groupId))) {
    const options = groups.filter((x) => x.groupId === g);
    for (const o of options.slice(0, options[0]!.min)) chosen.add(o.optionId);
  }
  for (const i of extra) if (groups.length) chosen.add(groups[i % groups.length]!.optionId);
  return [...chosen];
}

/** Runs one journey on a freshly seated table; every 5xx lands in the world's failures. */
export async function runJourney(w: FuzzWorld, steps: Step[], mode: SessionMode, n: number): Promise<void> {
  await w.ensureWorld();
  const s = await w.seat(mode, ['Élodie']);
  if (!s) return;
  const table = await w.t.ctx.db
    .selectFrom('dining_tables')
    .select('qr_token')
    .where('id', '=', s.tableId)
    .executeTakeFirstOrThrow();
  const call = (method: string, url: string, cookie: string, body?: unknown, headers: Record<string, string> = {}) =>
    w.send('journey', `journey ${routeOf(method, url)}`, {
      method,
      url,
      headers: { cookie, ...headers },
      body: json(body),
    });
  const staffCookie = w.r.cookies.MANAGER;
  // Only these steps make or remove ids the later steps aim at.
  const changesIds = new Set(['add', 'delete', 'order', 'staffOrder', 'call']);
  let stale = true;
  for (const [i, st] of steps.entries()) {
    w.stage = `journey ${n} (${mode}), step ${i + 1} of: ${steps.map((x) => x.t).join(' ')}`;
    if (stale) await w.refreshPools();
    stale = changesIds.has(st.t);
    const guest = 'guest' in st ? pick(s.guests, st.guest) : undefined;
    const lines = w.cartLinesBySession.get(s.sessionId) ?? [];
    switch (st.t) {
      case 'join': {
        // Again: the same name as an earlier guest, from a new device (rejoin by name).
        const name = st.again ? (pick(s.guests, st.name.length)?.name ?? st.name) : st.name;
        const res = await call('POST', `/api/v1/public/tables/${table.qr_token}/join`, '', { pin: s.pin, name });
        const cookie = res.cookies.find((c) => c.name === 'plato_guest');
        if (res.statusCode === 200 && cookie)
          s.guests.push({ id: res.json().guest.id, name, cookie: `plato_guest=${cookie.value}` });
        break;
      }
      case 'add': {
        const item = pick(w.pools.items!, st.item);
        if (!guest || !item) break;
        const body = {
          menuItemId: item,
          quantity: st.quantity,
          optionIds: await optionsFor(w, item, st.extra),
          ...(st.note !== undefined && { note: st.note }),
        };
        await call('POST', '/api/v1/guest/cart/lines', guest.cookie, body);
        break;
      }
      case 'patch': {
        const line = pick(lines, st.line);
        if (guest && line)
          await call('PATCH', `/api/v1/guest/cart/lines/${line}`, guest.cookie, {
            ...(st.quantity && { quantity: st.quantity }),
            ...(st.note !== undefined && { note: st.note }),
          });
        break;
      }
      case 'delete': {
        const line = pick(lines, st.line);
        if (guest && line) await call('DELETE', `/api/v1/guest/cart/lines/${line}`, guest.cookie);
        break;
      }
      case 'order': {
        if (!guest) break;
        let body: unknown;
        if (st.version) body = { cartVersion: (await call('GET', '/api/v1/guest/cart', guest.cookie)).json().version };
        await call('POST', '/api/v1/guest/orders', guest.cookie, body, { 'idempotency-key': `j${n}-${st.key}` });
        break;
      }
      case 'call':
        if (guest) await call('POST', '/api/v1/guest/calls', guest.cookie, { kind: st.kind });
        break;
      case 'read':
        if (guest)
          for (const what of ['session', 'cart', 'orders', 'menu'])
            await call('GET', `/api/v1/guest/${what}`, guest.cookie);
        break;
      case 'staffOrder': {
        const items = st.lines
          .map((l) => ({ id: pick(w.pools.items!, l.item), quantity: l.quantity }))
          .filter((l) => l.id);
        const body = {
          lines: await Promise.all(
            items.map(async (l) => ({
              menuItemId: l.id!,
              quantity: l.quantity,
              optionIds: await optionsFor(w, l.id!, []),
            })),
          ),
        };
        if (body.lines.length)
          await call('POST', `/api/v1/sessions/${s.sessionId}/orders`, w.r.cookies.WAITER, body, {
            'idempotency-key': `j${n}-${st.key}`,
          });
        break;
      }
      case 'decide': {
        const order = pick(w.pools.orders!, st.order);
        if (order)
          await call(
            'POST',
            `/api/v1/orders/${order}/${st.accept ? 'accept' : 'reject'}`,
            w.r.cookies.WAITER,
            st.reason === undefined ? undefined : { reason: st.reason },
          );
        break;
      }
      case 'price': {
        const item = pick(w.pools.items!, st.item);
        if (item) await call('PATCH', `/api/v1/admin/items/${item}`, w.r.cookies.ADMIN, { priceCents: st.priceCents });
        break;
      }
      case 'optionPrice': {
        const option = pick(w.pools.options!, st.option);
        if (option)
          await call('PATCH', `/api/v1/admin/modifier-options/${option}`, w.r.cookies.ADMIN, {
            priceDeltaCents: st.delta,
          });
        break;
      }
      case '86': {
        const item = pick(w.pools.items!, st.item);
        if (item)
          await call('POST', `/api/v1/admin/items/${item}/availability`, staffCookie, { available: st.available });
        break;
      }
      case 'settings': {
        const { t: _, ...body } = st;
        await call('PATCH', '/api/v1/admin/settings', w.r.cookies.ADMIN, body);
        break;
      }
      case 'pin': {
        const res = await call('POST', `/api/v1/sessions/${s.sessionId}/pin`, w.r.cookies.WAITER);
        if (res.statusCode === 200) s.pin = res.json().pin;
        break;
      }
      case 'move': {
        const free = await buildTable(w.t.ctx, w.r.restaurant.id);
        const res = await call('POST', `/api/v1/sessions/${s.sessionId}/move`, w.r.cookies.WAITER, {
          tableId: free.id,
        });
        if (res.statusCode === 200) {
          s.tableId = free.id;
          table.qr_token = free.qrToken;
        }
        break;
      }
      case 'callAction': {
        const c = pick(w.pools.calls!, st.call);
        if (c) await call('POST', `/api/v1/calls/${c}/${st.resolve ? 'resolve' : 'acknowledge'}`, w.r.cookies.WAITER);
        break;
      }
      case 'staffRead':
        for (const url of [
          '/api/v1/floor',
          '/api/v1/calls',
          `/api/v1/sessions/${s.sessionId}/orders`,
          '/api/v1/audit?limit=500',
        ])
          await call('GET', url, staffCookie);
        break;
      case 'close': {
        const res = await call(
          'POST',
          `/api/v1/sessions/${s.sessionId}/close`,
          staffCookie,
          st.reason === undefined ? undefined : { reason: st.reason },
        );
        // A closed session's receipt renders whatever the journey ordered, for staff and through the guest's link.
        if (res.statusCode === 200) {
          const link = new URL(res.json<{ receiptUrl: string }>().receiptUrl).pathname;
          for (const url of [`/api/v1/sessions/${s.sessionId}/receipt`, `/api/v1/sessions/${s.sessionId}/receipt.pdf`])
            await call('GET', url, staffCookie);
          for (const url of [link, `${link}.pdf`]) await call('GET', url, '');
        }
        break;
      }
    }
  }
  // Whatever state the journey left, every view of it must still render.
  for (const g of s.guests)
    for (const what of ['session', 'cart', 'orders']) await call('GET', `/api/v1/guest/${what}`, g.cookie);
  for (const url of ['/api/v1/floor', `/api/v1/sessions/${s.sessionId}/orders`]) await call('GET', url, staffCookie);
}
