import type { GuestSessionResponse, Problem, TableSession } from '@plato/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRestaurantWithStaff } from './support/factories.ts';
import {
  buildTable,
  insertOrderLine,
  joinAs,
  joinRequest,
  openSession,
  resetPinToNew,
} from './support/session-factories.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
let a: Awaited<ReturnType<typeof buildRestaurantWithStaff>>;
let b: Awaited<ReturnType<typeof buildRestaurantWithStaff>>;

beforeAll(async () => {
  t = await createTestApp();
  a = await buildRestaurantWithStaff(t.app, t.ctx);
  b = await buildRestaurantWithStaff(t.app, t.ctx);
});
afterAll(() => t?.close());

const post = (url: string, cookie: string, payload?: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url, headers: { cookie }, ...(payload === undefined ? {} : { payload }) });

const sessionRow = (id: string) =>
  t.ctx.db.selectFrom('table_sessions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const auditOf = (restaurantId: string, action: string) =>
  t.ctx.db
    .selectFrom('audit_log')
    .selectAll()
    .where('restaurant_id', '=', restaurantId)
    .where('action', '=', action)
    .execute();

describe('opening a session', () => {
  it('answers 201 with the session and a PIN of the restaurant length, storing only a keyed hash', async () => {
    const table = await buildTable(t.ctx, a.restaurant.id);
    const res = await post(`/api/v1/tables/${table.id}/sessions`, a.cookies.WAITER, { mode: 'INDIVIDUAL' });
    expect(res.statusCode, res.body).toBe(201);
    const { session, pin } = res.json<{ session: TableSession; pin: string }>();
    expect(session).toMatchObject({ tableId: table.id, mode: 'INDIVIDUAL', status: 'OPEN', closedAt: null });
    expect(pin).toMatch(/^\d{4}$/);

    const row = await sessionRow(session.id);
    expect(row.pin_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.pin_hash).not.toContain(pin);
    expect(Object.values(row).map(String)).not.toContain(pin);
    const opened = await auditOf(a.restaurant.id, 'session.opened');
    expect(opened.some((e) => e.entity_id === session.id)).toBe(true);
    expect(JSON.stringify(opened)).not.toContain(`"${pin}"`);
  });

  it('follows the PIN length setting', async () => {
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/admin/settings',
      headers: { cookie: b.cookies.ADMIN },
      payload: { pinLength: 7 },
    });
    expect(res.statusCode, res.body).toBe(200);
    const table = await buildTable(t.ctx, b.restaurant.id);
    const { pin } = await openSession(t.app, b.cookies.WAITER, table.id);
    expect(pin).toMatch(/^\d{7}$/);
    const reset = await post(
      `/api/v1/sessions/${(await openSession(t.app, b.cookies.WAITER, (await buildTable(t.ctx, b.restaurant.id)).id)).session.id}/pin`,
      b.cookies.WAITER,
    );
    expect(reset.json().pin).toMatch(/^\d{7}$/);
    await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/admin/settings',
      headers: { cookie: b.cookies.ADMIN },
      payload: { pinLength: 4 },
    });
  });

  it('creates the shared cart of a FAMILY session', async () => {
    const table = await buildTable(t.ctx, a.restaurant.id);
    const { session } = await openSession(t.app, a.cookies.WAITER, table.id, 'FAMILY');
    const carts = await t.ctx.db.selectFrom('carts').selectAll().where('session_id', '=', session.id).execute();
    expect(carts).toMatchObject([{ owner: 'TABLE', version: 0, restaurant_id: a.restaurant.id }]);
  });

  it('lets one of two waiters opening the same table at once win; the other gets 409 TABLE_OCCUPIED', async () => {
    const table = await buildTable(t.ctx, a.restaurant.id);
    const results = await Promise.all(
      [a.cookies.WAITER, a.cookies.MANAGER, a.cookies.ADMIN].map((c) =>
        post(`/api/v1/tables/${table.id}/sessions`, c, { mode: 'FAMILY' }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json<Problem>().code).toBe('TABLE_OCCUPIED');
    const open = await t.ctx.db.selectFrom('table_sessions').select('id').where('table_id', '=', table.id).execute();
    expect(open).toHaveLength(1);

    const again = await post(`/api/v1/tables/${table.id}/sessions`, a.cookies.WAITER, { mode: 'FAMILY' });
    expect(again.statusCode).toBe(409);
    expect(again.json<Problem>().code).toBe('TABLE_OCCUPIED');
  });

  it("answers 404 for another restaurant's table and an unknown one", async () => {
    const theirs = await buildTable(t.ctx, b.restaurant.id);
    for (const id of [theirs.id, '01900000-0000-7000-8000-000000000000']) {
      const res = await post(`/api/v1/tables/${id}/sessions`, a.cookies.WAITER, { mode: 'FAMILY' });
      expect(res.statusCode).toBe(404);
      expect(res.json<Problem>().code).toBe('NOT_FOUND');
    }
    expect(
      await t.ctx.db.selectFrom('table_sessions').select('id').where('table_id', '=', theirs.id).execute(),
    ).toHaveLength(0);
  });

  it('refuses bad input with 400 and opens nothing', async () => {
    const table = await buildTable(t.ctx, a.restaurant.id);
    for (const payload of [{}, { mode: 'family' }, { mode: 'FAMILY', extra: 1 }, { mode: 3 }]) {
      const res = await post(`/api/v1/tables/${table.id}/sessions`, a.cookies.WAITER, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json<Problem>().code).toBe('VALIDATION_FAILED');
    }
    expect(
      await t.ctx.db.selectFrom('table_sessions').select('id').where('table_id', '=', table.id).execute(),
    ).toHaveLength(0);
  });

  it('shows on the public QR page whether the table has an open session', async () => {
    const table = await buildTable(t.ctx, a.restaurant.id);
    const page = () => t.app.inject({ url: `/api/v1/public/tables/${table.qrToken}` });
    expect((await page()).json().sessionOpen).toBe(false);
    const { session } = await openSession(t.app, a.cookies.WAITER, table.id);
    expect((await page()).json().sessionOpen).toBe(true);
    expect((await post(`/api/v1/sessions/${session.id}/close`, a.cookies.CASHIER)).statusCode).toBe(200);
    expect((await page()).json().sessionOpen).toBe(false);
  });
});

describe('resetting the PIN', () => {
  it('gives a new PIN: the new one joins, the old one no longer does; the reset is audited without the PIN', async () => {
    const table = await buildTable(t.ctx, a.restaurant.id);
    const { session, pin: oldPin } = await openSession(t.app, a.cookies.WAITER, table.id);
    const { pin, resets: made } = await resetPinToNew(t.app, a.cookies.WAITER, session.id, oldPin);
    expect(pin).toMatch(/^\d{4}$/);
    const join = (p: string) => joinRequest(t.app, table.qrToken, { pin: p }, '10.200.0.1');
    expect((await join(oldPin)).statusCode).toBe(401);
    expect((await join(pin)).statusCode).toBe(200);
    const resets = await auditOf(a.restaurant.id, 'session.pin_reset');
    expect(resets.filter((e) => e.entity_id === session.id)).toHaveLength(made);
    expect(JSON.stringify(resets)).not.toContain(`"${pin}"`);
  });

  it("answers 404 for an unknown session or another restaurant's, 409 SESSION_CLOSED for a closed one", async () => {
    const theirTable = await buildTable(t.ctx, b.restaurant.id);
    const theirs = await openSession(t.app, b.cookies.WAITER, theirTable.id);
    const before = await sessionRow(theirs.session.id);
    for (const id of [theirs.session.id, '01900000-0000-7000-8000-000000000000']) {
      expect((await post(`/api/v1/sessions/${id}/pin`, a.cookies.WAITER)).statusCode).toBe(404);
    }
    expect(await sessionRow(theirs.session.id)).toEqual(before);
    expect(
      (await auditOf(b.restaurant.id, 'session.pin_reset')).filter((e) => e.entity_id === theirs.session.id),
    ).toEqual([]);
    expect((await joinRequest(t.app, theirTable.qrToken, { pin: theirs.pin })).statusCode).toBe(200);

    const mine = await openSession(t.app, a.cookies.WAITER, (await buildTable(t.ctx, a.restaurant.id)).id);
    expect((await post(`/api/v1/sessions/${mine.session.id}/close`, a.cookies.CASHIER)).statusCode).toBe(200);
    const res = await post(`/api/v1/sessions/${mine.session.id}/pin`, a.cookies.WAITER);
    expect(res.statusCode).toBe(409);
    expect(res.json<Problem>().code).toBe('SESSION_CLOSED');
  });
});

describe('moving a session', () => {
  it('moves to a free table keeping guests, whose cookies still work and now show the new table', async () => {
    const from = await buildTable(t.ctx, a.restaurant.id, 'Move from');
    const to = await buildTable(t.ctx, a.restaurant.id, 'Move to');
    const { session, pin } = await openSession(t.app, a.cookies.WAITER, from.id);
    const guest = await joinAs(t.app, from.qrToken, pin, 'Mia');

    const res = await post(`/api/v1/sessions/${session.id}/move`, a.cookies.WAITER, { tableId: to.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ session: TableSession }>().session).toMatchObject({
      id: session.id,
      tableId: to.id,
      status: 'OPEN',
    });

    const me = await t.app.inject({ url: '/api/v1/guest/session', headers: { cookie: guest.cookie } });
    expect(me.statusCode).toBe(200);
    const body = me.json<GuestSessionResponse>();
    expect(body.table).toEqual({ id: to.id, name: 'Move to' });
    expect(body.me).toEqual(guest.guest);

    // The old table is free again and the new one answers joins with the same PIN.
    expect((await openSession(t.app, a.cookies.WAITER, from.id)).session.tableId).toBe(from.id);
    const rejoin = await joinAs(t.app, to.qrToken, pin, 'mia', { device: guest.device });
    expect(rejoin.guest.id).toBe(guest.guest.id);

    const moved = await auditOf(a.restaurant.id, 'session.moved');
    expect(JSON.parse(moved.find((e) => e.entity_id === session.id)!.data)).toMatchObject({ from: from.id, to: to.id });
  });

  it('refuses an occupied table with 409 TABLE_OCCUPIED and leaves both sessions where they were', async () => {
    const t1 = await buildTable(t.ctx, a.restaurant.id);
    const t2 = await buildTable(t.ctx, a.restaurant.id);
    const s1 = await openSession(t.app, a.cookies.WAITER, t1.id);
    await openSession(t.app, a.cookies.WAITER, t2.id);
    const res = await post(`/api/v1/sessions/${s1.session.id}/move`, a.cookies.WAITER, { tableId: t2.id });
    expect(res.statusCode).toBe(409);
    expect(res.json<Problem>().code).toBe('TABLE_OCCUPIED');
    expect((await sessionRow(s1.session.id)).table_id).toBe(t1.id);
  });

  it("answers 404 for another restaurant's table or session and 400 for bad input", async () => {
    const mine = await openSession(t.app, a.cookies.WAITER, (await buildTable(t.ctx, a.restaurant.id)).id);
    const theirTable = await buildTable(t.ctx, b.restaurant.id);
    const theirs = await openSession(t.app, b.cookies.WAITER, (await buildTable(t.ctx, b.restaurant.id)).id);
    const free = await buildTable(t.ctx, a.restaurant.id);
    expect(
      (await post(`/api/v1/sessions/${mine.session.id}/move`, a.cookies.WAITER, { tableId: theirTable.id })).statusCode,
    ).toBe(404);
    expect(
      (await post(`/api/v1/sessions/${theirs.session.id}/move`, a.cookies.WAITER, { tableId: free.id })).statusCode,
    ).toBe(404);
    for (const payload of [{}, { tableId: '' }, { tableId: free.id, mode: 'FAMILY' }]) {
      expect((await post(`/api/v1/sessions/${mine.session.id}/move`, a.cookies.WAITER, payload)).statusCode).toBe(400);
    }
    expect((await sessionRow(mine.session.id)).table_id).toBe(mine.session.tableId);
    expect((await sessionRow(theirs.session.id)).table_id).toBe(theirs.session.tableId);
  });
});

describe('closing a session', () => {
  it('revokes every guest token, frees the table and is audited', async () => {
    const table = await buildTable(t.ctx, a.restaurant.id);
    const { session, pin } = await openSession(t.app, a.cookies.WAITER, table.id);
    const g1 = await joinAs(t.app, table.qrToken, pin);
    const g2 = await joinAs(t.app, table.qrToken, pin);
    expect((await t.app.inject({ url: '/api/v1/guest/session', headers: { cookie: g1.cookie } })).statusCode).toBe(200);

    const res = await post(`/api/v1/sessions/${session.id}/close`, a.cookies.CASHIER, {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ session: TableSession }>().session).toMatchObject({ id: session.id, status: 'CLOSED' });
    expect(res.json<{ session: TableSession }>().session.closedAt).not.toBeNull();

    for (const g of [g1, g2]) {
      const me = await t.app.inject({ url: '/api/v1/guest/session', headers: { cookie: g.cookie } });
      expect(me.statusCode).toBe(401);
    }
    expect(
      await t.ctx.db.selectFrom('guest_tokens').select('token_hash').where('session_id', '=', session.id).execute(),
    ).toHaveLength(0);
    const row = await sessionRow(session.id);
    expect(row).toMatchObject({ status: 'CLOSED', closed_by: a.ids.CASHIER });
    expect((await auditOf(a.restaurant.id, 'session.closed')).some((e) => e.entity_id === session.id)).toBe(true);

    const again = await post(`/api/v1/sessions/${session.id}/close`, a.cookies.CASHIER);
    expect(again.statusCode).toBe(409);
    expect(again.json<Problem>().code).toBe('SESSION_CLOSED');
    const joinClosed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/public/tables/${table.qrToken}/join`,
      payload: { pin },
    });
    expect(joinClosed.json<Problem>().code).toBe('NO_OPEN_SESSION');

    const reopened = await openSession(t.app, a.cookies.WAITER, table.id);
    expect(reopened.session.id).not.toBe(session.id);
  });

  it('refuses a cashier with 409 BALANCE_DUE while lines are unsettled, and lets a manager close with a reason', async () => {
    const table = await buildTable(t.ctx, a.restaurant.id);
    const { session } = await openSession(t.app, a.cookies.WAITER, table.id);
    await insertOrderLine(t.ctx, {
      restaurantId: a.restaurant.id,
      sessionId: session.id,
      tableId: table.id,
      status: 'SERVED',
    });
    await insertOrderLine(t.ctx, {
      restaurantId: a.restaurant.id,
      sessionId: session.id,
      tableId: table.id,
      status: 'READY',
    });

    for (const [cookie, payload] of [
      [a.cookies.CASHIER, {}],
      [a.cookies.CASHIER, { reason: 'walked out' }],
      [a.cookies.MANAGER, {}],
    ] as const) {
      const res = await post(`/api/v1/sessions/${session.id}/close`, cookie, payload);
      expect(res.statusCode).toBe(409);
      expect(res.json<Problem>().code).toBe('BALANCE_DUE');
    }
    expect((await sessionRow(session.id)).status).toBe('OPEN');

    const res = await post(`/api/v1/sessions/${session.id}/close`, a.cookies.MANAGER, { reason: 'walked out' });
    expect(res.statusCode, res.body).toBe(200);
    expect(await sessionRow(session.id)).toMatchObject({
      status: 'CLOSED',
      close_reason: 'walked out',
      closed_by: a.ids.MANAGER,
    });
    const entry = (await auditOf(a.restaurant.id, 'session.closed')).find((e) => e.entity_id === session.id)!;
    expect(JSON.parse(entry.data)).toMatchObject({ reason: 'walked out', override: true, unsettledLines: 1 });
  });

  it('closes without a reason once the bill is paid (cancelled lines are not on it)', async () => {
    const table = await buildTable(t.ctx, a.restaurant.id);
    const { session } = await openSession(t.app, a.cookies.WAITER, table.id);
    await insertOrderLine(t.ctx, {
      restaurantId: a.restaurant.id,
      sessionId: session.id,
      tableId: table.id,
      status: 'SERVED',
    });
    await insertOrderLine(t.ctx, {
      restaurantId: a.restaurant.id,
      sessionId: session.id,
      tableId: table.id,
      status: 'CANCELLED',
    });
    const unpaid = await post(`/api/v1/sessions/${session.id}/close`, a.cookies.CASHIER);
    expect(unpaid.json<Problem>().code).toBe('BALANCE_DUE');
    const bill = await t.app.inject({
      method: 'GET',
      url: `/api/v1/sessions/${session.id}/bill`,
      headers: { cookie: a.cookies.CASHIER },
    });
    const { balanceCents } = bill.json<{ balanceCents: number }>();
    expect(balanceCents).toBeGreaterThan(0);
    const paid = await t.app.inject({
      method: 'POST',
      url: `/api/v1/sessions/${session.id}/payments`,
      headers: { cookie: a.cookies.CASHIER, 'idempotency-key': 'settle' },
      payload: { method: 'CARD', amountCents: balanceCents },
    });
    expect(paid.statusCode, paid.body).toBe(201);
    expect((await post(`/api/v1/sessions/${session.id}/close`, a.cookies.CASHIER)).statusCode).toBe(200);
  });

  it("answers 404 for another restaurant's session and 400 for bad input", async () => {
    const theirs = await openSession(t.app, b.cookies.WAITER, (await buildTable(t.ctx, b.restaurant.id)).id);
    expect(
      (await post(`/api/v1/sessions/${theirs.session.id}/close`, a.cookies.MANAGER, { reason: 'x' })).statusCode,
    ).toBe(404);
    expect((await sessionRow(theirs.session.id)).status).toBe('OPEN');
    const mine = await openSession(t.app, a.cookies.WAITER, (await buildTable(t.ctx, a.restaurant.id)).id);
    for (const payload of [{ reason: '' }, { reason: 'x'.repeat(201) }, { why: 'x' }, { reason: 5 }]) {
      const res = await post(`/api/v1/sessions/${mine.session.id}/close`, a.cookies.MANAGER, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect((await sessionRow(mine.session.id)).status).toBe('OPEN');
  });
});
