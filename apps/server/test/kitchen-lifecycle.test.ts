import { LINE_STATUSES, type KitchenLine, type LineStatus, STAFF_ROLES, type StaffRole } from '@plato/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type KitchenSetup,
  auditEntries,
  buildKitchen,
  lineRow,
  moveLine,
  orderVersionOf,
  staffOrder,
  stationChef,
} from './support/kitchen-factories.ts';
import {
  type Client,
  type OrderingRestaurant,
  addLine,
  buildOrderingRestaurant,
  client,
  placeNewOrder,
  seatTable,
} from './support/order-factories.ts';
import { type TestApp, createTestApp } from './support/test-app.ts';

/*
 * The line lifecycle through POST /order-lines/:lineId/status, written out
 * here from PRODUCT.md rather than read from the contracts' tables, so a
 * drift of LINE_TRANSITIONS or LINE_MOVES_BY_ROLE fails this test.
 */

let t: TestApp;
let r: OrderingRestaurant;
let k: KitchenSetup;
let sessionId: string;
const as = (role: StaffRole): Client => client(t.app, r.cookies[role]);

beforeAll(async () => {
  t = await createTestApp();
  r = await buildOrderingRestaurant(t);
  k = await buildKitchen(t, r);
  sessionId = (await seatTable(t, r, 'FAMILY', 0)).sessionId;
});
afterAll(() => t?.close());

/** NEW → IN_PROGRESS → READY → SERVED; NEW / IN_PROGRESS / READY → CANCELLED; READY → IN_PROGRESS (recall). */
const TRANSITIONS: Record<LineStatus, LineStatus[]> = {
  NEW: ['IN_PROGRESS', 'CANCELLED'],
  IN_PROGRESS: ['READY', 'CANCELLED'],
  READY: ['SERVED', 'IN_PROGRESS', 'CANCELLED'],
  SERVED: [],
  CANCELLED: [],
};
/** Chefs cook; waiters serve and void; managers and admins do all; cashiers nothing. Nobody sets NEW. */
const MAY_ASK: Record<StaffRole, LineStatus[]> = {
  CHEF: ['IN_PROGRESS', 'READY'],
  WAITER: ['SERVED', 'CANCELLED'],
  MANAGER: ['IN_PROGRESS', 'READY', 'SERVED', 'CANCELLED'],
  ADMIN: ['IN_PROGRESS', 'READY', 'SERVED', 'CANCELLED'],
  CASHIER: [],
};
/** How the manager brings a NEW line to each status. */
const PATH_TO: Record<LineStatus, LineStatus[]> = {
  NEW: [],
  IN_PROGRESS: ['IN_PROGRESS'],
  READY: ['IN_PROGRESS', 'READY'],
  SERVED: ['IN_PROGRESS', 'READY', 'SERVED'],
  CANCELLED: ['CANCELLED'],
};

async function expectMove(call: Client, lineId: string, to: LineStatus, reason?: string) {
  const res = await moveLine(call, lineId, to, to === 'CANCELLED' ? (reason ?? 'setup') : undefined);
  expect(res.statusCode, res.body).toBe(200);
}

describe('the line lifecycle, every (from, to) × role', () => {
  it('allowed moves answer 200 with who and when and bump the order version; the rest 403 or 409 and change nothing', async () => {
    const failures: string[] = [];
    let allowed = 0;
    for (const role of STAFF_ROLES) {
      for (const from of LINE_STATUSES) {
        // One order per (role, from): one line per status asked for.
        const order = await staffOrder(
          k.waiter,
          sessionId,
          LINE_STATUSES.map(() => ({ menuItemId: r.menu.fries.id })),
        );
        for (const line of order.lines) for (const step of PATH_TO[from]) await expectMove(k.manager, line.id, step);
        for (const [i, to] of LINE_STATUSES.entries()) {
          const lineId = order.lines[i]!.id;
          const before = await lineRow(t, lineId);
          expect(before.status).toBe(from);
          const startedAt = new Date().toISOString();
          const res = await moveLine(as(role), lineId, to, to === 'CANCELLED' ? 'Sent back' : undefined);
          const after = await lineRow(t, lineId);
          const expected = !MAY_ASK[role].includes(to) ? 403 : !TRANSITIONS[from].includes(to) ? 409 : 200;
          const where = `${role} ${from} → ${to}`;
          if (res.statusCode !== expected) {
            failures.push(`${where}: ${res.statusCode} (expected ${expected}) ${res.body.slice(0, 120)}`);
            continue;
          }
          if (expected !== 200) {
            const code = res.json<{ code: string }>().code;
            if (code !== (expected === 403 ? 'FORBIDDEN' : 'INVALID_TRANSITION'))
              failures.push(`${where}: code ${code}`);
            if (JSON.stringify(after) !== JSON.stringify(before)) failures.push(`${where}: refused but changed`);
            continue;
          }
          allowed += 1;
          const body = res.json<{ line: KitchenLine; orderId: string; orderVersion: number }>();
          const stamped =
            body.orderId === order.id &&
            body.line.id === lineId &&
            body.line.status === to &&
            body.line.movedBy?.id === r.ids[role] &&
            body.line.movedAt >= startedAt &&
            body.orderVersion === before.version + 1 &&
            after.version === before.version + 1 &&
            after.status === to &&
            after.status_by === r.ids[role] &&
            after.seq > before.seq &&
            (to === 'CANCELLED' ? body.line.cancelReason === 'Sent back' : body.line.cancelReason === null);
          if (!stamped) failures.push(`${where}: 200 but ${JSON.stringify({ body, before, after })}`);
        }
      }
    }
    expect(failures).toEqual([]);
    // CHEF 3 (NEW→IP, IP→READY, READY→IP), WAITER 4 (READY→SERVED, 3 voids), MANAGER and ADMIN 7 each.
    expect(allowed).toBe(3 + 4 + 7 + 7);
  });

  it('a void needs a reason (400, nothing changed); with one it is audited as order.line.voided with the reason', async () => {
    const order = await staffOrder(k.waiter, sessionId, [{ menuItemId: r.menu.fries.id }]);
    const lineId = order.lines[0]!.id;
    await expectMove(k.chef, lineId, 'IN_PROGRESS');
    const before = await lineRow(t, lineId);
    const auditsBefore = await auditEntries(t, r.restaurant.id, 'order.line.voided');
    for (const body of [{ status: 'CANCELLED' }, { status: 'CANCELLED', reason: '   ' }]) {
      const res = await k.waiter('POST', `/api/v1/order-lines/${lineId}/status`, body);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    expect(await lineRow(t, lineId)).toEqual(before);
    expect(await auditEntries(t, r.restaurant.id, 'order.line.voided')).toEqual(auditsBefore);

    const res = await moveLine(k.waiter, lineId, 'CANCELLED', '  Guest changed their mind ');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      line: { status: 'CANCELLED', cancelReason: 'Guest changed their mind', movedBy: { id: r.ids.WAITER } },
      orderVersion: before.version + 1,
    });
    const audits = await auditEntries(t, r.restaurant.id, 'order.line.voided');
    expect(audits.slice(auditsBefore.length)).toEqual([
      {
        entity_type: 'order_line',
        entity_id: lineId,
        actor_id: r.ids.WAITER,
        data: expect.objectContaining({
          orderId: order.id,
          from: 'IN_PROGRESS',
          to: 'CANCELLED',
          reason: 'Guest changed their mind',
        }),
      },
    ]);
    // Every other move is audited too, with where it came from.
    const started = await auditEntries(t, r.restaurant.id, 'order.line.status');
    expect(started.find((a) => a.entity_id === lineId)?.data).toMatchObject({ from: 'NEW', to: 'IN_PROGRESS' });
  });

  it('each move bumps the order version by one, whichever line of the order moves', async () => {
    const order = await staffOrder(k.waiter, sessionId, [{ menuItemId: r.menu.fries.id }, { menuItemId: k.beer.id }]);
    const [fries, beer] = order.lines;
    const v0 = await orderVersionOf(t, order.id);
    const versions: number[] = [];
    for (const [lineId, to] of [
      [fries!.id, 'IN_PROGRESS'],
      [beer!.id, 'IN_PROGRESS'],
      [fries!.id, 'READY'],
      [fries!.id, 'IN_PROGRESS'],
      [beer!.id, 'CANCELLED'],
    ] as const) {
      const res = await moveLine(k.manager, lineId, to, to === 'CANCELLED' ? 'Out of stock' : undefined);
      expect(res.statusCode, res.body).toBe(200);
      versions.push(res.json<{ orderVersion: number }>().orderVersion);
    }
    expect(versions).toEqual([1, 2, 3, 4, 5].map((n) => v0 + n));
    expect(await orderVersionOf(t, order.id)).toBe(v0 + 5);
    // A refused move does not.
    expect((await moveLine(k.manager, beer!.id, 'IN_PROGRESS')).statusCode).toBe(409);
    expect(await orderVersionOf(t, order.id)).toBe(v0 + 5);
  });

  it('a held line cannot be started or readied until its course is fired (409); it can be voided', async () => {
    const order = await staffOrder(k.waiter, sessionId, [
      { menuItemId: r.menu.fries.id, course: 2 },
      { menuItemId: r.menu.fries.id, course: 2 },
    ]);
    const [held, other] = order.lines;
    const before = await lineRow(t, held!.id);
    expect(Boolean(before.held)).toBe(true);
    for (const [call, to] of [
      [k.chef, 'IN_PROGRESS'],
      [k.manager, 'IN_PROGRESS'],
    ] as const) {
      const res = await moveLine(call, held!.id, to);
      expect(res.statusCode, res.body).toBe(409);
      expect(res.json()).toMatchObject({ code: 'INVALID_TRANSITION' });
    }
    expect(await lineRow(t, held!.id)).toEqual(before);
    expect((await moveLine(k.waiter, other!.id, 'CANCELLED', 'No dessert')).statusCode).toBe(200);
    const fired = await k.waiter('POST', `/api/v1/orders/${order.id}/courses/2/fire`);
    expect(fired.statusCode, fired.body).toBe(200);
    expect(fired.json()).toEqual({ orderId: order.id, course: 2, lineIds: [held!.id] });
    expect((await moveLine(k.chef, held!.id, 'IN_PROGRESS')).statusCode).toBe(200);
    // A started line is not held again: the course has nothing left to hold.
    const hold = await k.waiter('POST', `/api/v1/orders/${order.id}/courses/2/hold`);
    expect(hold.statusCode, hold.body).toBe(409);
  });

  it('the lines of an order waiting for approval cannot be moved (409), by a chef or a waiter', async () => {
    const approving = await buildOrderingRestaurant(t, { orderApproval: true });
    const { guests } = await seatTable(t, approving, 'FAMILY', 1);
    await addLine(guests[0]!, { menuItemId: approving.menu.fries.id, quantity: 1 });
    const order = await placeNewOrder(guests[0]!);
    expect(order.status).toBe('PENDING');
    const lineId = order.lines[0]!.id;
    const before = await lineRow(t, lineId);
    for (const [role, to] of [
      ['CHEF', 'IN_PROGRESS'],
      ['MANAGER', 'IN_PROGRESS'],
      ['WAITER', 'CANCELLED'],
    ] as const) {
      const res = await moveLine(client(t.app, approving.cookies[role]), lineId, to, 'Nope');
      expect(res.statusCode, `${role} ${res.body}`).toBe(409);
      expect(res.json()).toMatchObject({ code: 'INVALID_TRANSITION' });
    }
    expect(await lineRow(t, lineId)).toEqual(before);
  });

  it("a chef tied to the Grill moves Grill lines, not the Bar's (403, whatever the move)", async () => {
    const grillChef = await stationChef(t, r, k.grill);
    const order = await staffOrder(k.waiter, sessionId, [{ menuItemId: r.menu.fries.id }, { menuItemId: k.beer.id }]);
    const [fries, beer] = order.lines;
    const before = await lineRow(t, beer!.id);
    for (const to of ['IN_PROGRESS', 'READY', 'SERVED'] as const) {
      const res = await moveLine(grillChef.call, beer!.id, to);
      expect(res.statusCode, res.body).toBe(403);
    }
    expect(await lineRow(t, beer!.id)).toEqual(before);
    const res = await moveLine(grillChef.call, fries!.id, 'IN_PROGRESS');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ line: { movedBy: { id: grillChef.id, name: 'Grill chef' } } });
  });

  it('an unknown line is 404; of two chefs moving one line at once exactly one wins', async () => {
    expect((await moveLine(k.chef, '01a00000-0000-7000-8000-000000000000', 'IN_PROGRESS')).statusCode).toBe(404);
    const order = await staffOrder(k.waiter, sessionId, [{ menuItemId: r.menu.fries.id }]);
    const lineId = order.lines[0]!.id;
    const v0 = await orderVersionOf(t, order.id);
    const answers = await Promise.all([
      moveLine(k.chef, lineId, 'IN_PROGRESS'),
      moveLine(k.manager, lineId, 'IN_PROGRESS'),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    expect(await orderVersionOf(t, order.id)).toBe(v0 + 1);
  });
});
