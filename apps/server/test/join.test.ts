import type { GuestSessionResponse, JoinResponse, Problem } from '@plato/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomToken, sha256 } from '../src/db/ids.ts';
import { PIN_LIMITS } from '../src/modules/sessions/pin.ts';
import { buildRestaurantWithStaff } from './support/factories.ts';
import { buildTable, joinAs, joinRequest, openSession, resetPinToNew, someIp } from './support/session-factories.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
let a: Awaited<ReturnType<typeof buildRestaurantWithStaff>>;

beforeAll(async () => {
  t = await createTestApp();
  a = await buildRestaurantWithStaff(t.app, t.ctx);
});
afterAll(() => t?.close());

/** A PIN of the same length that is not the right one. */
const wrong = (pin: string) => pin.replace(/\d$/, (d) => String((Number(d) + 1) % 10));

async function openTable(mode: 'FAMILY' | 'INDIVIDUAL' = 'FAMILY') {
  const table = await buildTable(t.ctx, a.restaurant.id);
  const opened = await openSession(t.app, a.cookies.WAITER, table.id, mode);
  return { table, ...opened };
}

const auditFor = (sessionId: string) =>
  t.ctx.db.selectFrom('audit_log').selectAll().where('entity_id', '=', sessionId).orderBy('id').execute();

describe('joining with the PIN', () => {
  it('makes the device a guest: an HttpOnly SameSite=Lax cookie whose value is stored only as a hash', async () => {
    const { table, session, pin } = await openTable('INDIVIDUAL');
    const res = await joinRequest(t.app, table.qrToken, { pin, name: 'Zoé' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<JoinResponse>();
    expect(body).toMatchObject({ guest: { name: 'Zoé' }, session: { id: session.id, mode: 'INDIVIDUAL' } });

    const cookie = res.cookies.find((c) => c.name === 'plato_guest')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.path).toBe('/');
    expect(cookie.secure).toBeFalsy();
    expect(cookie.value.length).toBeGreaterThanOrEqual(43);
    const expires = new Date(cookie.expires!).getTime();
    expect(Math.abs(expires - (Date.now() + 8 * 3600_000))).toBeLessThan(60_000);
    const stored = await t.ctx.db.selectFrom('guest_tokens').selectAll().where('session_id', '=', session.id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).toBe(sha256(cookie.value));
    expect(JSON.stringify(stored)).not.toContain(cookie.value);

    const me = await t.app.inject({ url: '/api/v1/guest/session', headers: { cookie: `plato_guest=${cookie.value}` } });
    expect(me.statusCode, me.body).toBe(200);
    const view = me.json<GuestSessionResponse>();
    expect(view).toMatchObject({
      session: { id: session.id, status: 'OPEN', mode: 'INDIVIDUAL', tableId: table.id },
      table: { id: table.id, name: table.name },
      restaurant: { name: a.restaurant.name, currency: a.restaurant.currency, locale: a.restaurant.locale },
      me: body.guest,
      guests: [body.guest],
    });
    expect(view.cart).toEqual({ version: 0, lines: [], totalCents: 0 });
    expect(view.orders).toEqual([]);
  });

  it('names guests "Guest 1", "Guest 2"… by default', async () => {
    const { table, pin } = await openTable();
    const g1 = await joinAs(t.app, table.qrToken, pin);
    const g2 = await joinAs(t.app, table.qrToken, pin);
    expect([g1.guest.name, g2.guest.name]).toEqual(['Guest 1', 'Guest 2']);
    expect(g1.guest.id).not.toBe(g2.guest.id);
  });

  it('never hands a default name that a guest chose for themselves to someone else', async () => {
    const { table, pin } = await openTable();
    const chosen = await joinAs(t.app, table.qrToken, pin, 'Guest 1');
    const anonymous = await joinAs(t.app, table.qrToken, pin);
    expect(anonymous.guest.id).not.toBe(chosen.guest.id);
    expect(anonymous.guest.name).toBe('Guest 2');
  });

  it('returns a phone that lost its cookie to the same session, and the same guest by its device key', async () => {
    const { table, session, pin } = await openTable();
    const first = await joinAs(t.app, table.qrToken, pin, 'Anna');
    const back = await joinAs(t.app, table.qrToken, pin, 'anna', { device: first.device });
    expect(back.session.id).toBe(session.id);
    expect(back.guest).toEqual(first.guest);
    expect(back.token).not.toBe(first.token);
    // Both cookies of the device stay signed in as the same guest.
    for (const g of [first, back]) {
      const me = await t.app.inject({ url: '/api/v1/guest/session', headers: { cookie: g.cookie } });
      expect(me.json<GuestSessionResponse>().me.id).toBe(first.guest.id);
    }
    const other = await joinAs(t.app, table.qrToken, pin, 'Ben');
    expect(other.guest.id).not.toBe(first.guest.id);
    const entries = (await auditFor(session.id)).filter((e) => e.action === 'session.join');
    expect(entries.map((e) => JSON.parse(e.data).reclaimed)).toEqual([false, true, false]);
  });

  it('makes concurrent joins of one device with one new name into one guest', async () => {
    const { table, session, pin } = await openTable();
    const device = randomToken(32);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => joinAs(t.app, table.qrToken, pin, 'Same', { device })),
    );
    expect(new Set(results.map((r) => r.guest.id)).size).toBe(1);
    const guests = await t.ctx.db.selectFrom('guests').selectAll().where('session_id', '=', session.id).execute();
    expect(guests).toHaveLength(1);
  });

  it('answers 404 NOT_FOUND for an unknown token and 404 NO_OPEN_SESSION for a table without a session', async () => {
    const unknown = await joinRequest(t.app, 'AAAAAAAAAAAAAAAAAAAAAA', { pin: '1234' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json<Problem>().code).toBe('NOT_FOUND');
    const table = await buildTable(t.ctx, a.restaurant.id);
    const free = await joinRequest(t.app, table.qrToken, { pin: '1234' });
    expect(free.statusCode).toBe(404);
    expect(free.json<Problem>().code).toBe('NO_OPEN_SESSION');
    expect(free.cookies).toHaveLength(0);
  });

  it('refuses bad input with 400, counting no failure and making no guest', async () => {
    const { table, session, pin } = await openTable();
    for (const body of [
      {},
      { pin: '12a4' },
      { pin: 1234 },
      { pin: '123' },
      { pin: '123456789' },
      { pin, name: 'x'.repeat(41) },
      { pin, name: '   ' },
      { pin, extra: true },
    ]) {
      const res = await joinRequest(t.app, table.qrToken, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json<Problem>().code).toBe('VALIDATION_FAILED');
    }
    const row = await t.ctx.db
      .selectFrom('table_sessions')
      .selectAll()
      .where('id', '=', session.id)
      .executeTakeFirstOrThrow();
    expect(row.pin_failures).toBe(0);
    expect(
      await t.ctx.db.selectFrom('guests').select('id').where('session_id', '=', session.id).execute(),
    ).toHaveLength(0);
  });
});

describe('the PIN limits', () => {
  it('answers 401 PIN_INVALID with attemptsLeft 4…0, then 429 PIN_BLOCKED with Retry-After even for the right PIN', async () => {
    const { table, session, pin } = await openTable();
    for (const left of [4, 3, 2, 1, 0]) {
      const res = await joinRequest(t.app, table.qrToken, { pin: wrong(pin) });
      expect(res.statusCode).toBe(401);
      expect(res.json<Problem>()).toMatchObject({ code: 'PIN_INVALID', attemptsLeft: left });
    }
    for (const p of [pin, wrong(pin)]) {
      const res = await joinRequest(t.app, table.qrToken, { pin: p });
      expect(res.statusCode).toBe(429);
      expect(res.json<Problem>().code).toBe('PIN_BLOCKED');
      const retry = Number(res.headers['retry-after']);
      expect(retry).toBeGreaterThan(14 * 60);
      expect(retry).toBeLessThanOrEqual(15 * 60);
      expect(res.cookies).toHaveLength(0);
    }
    const entries = await auditFor(session.id);
    const failed = entries.filter((e) => e.action === 'session.join_failed').map((e) => JSON.parse(e.data).reason);
    expect(failed).toEqual(['wrong-pin', 'wrong-pin', 'wrong-pin', 'wrong-pin', 'wrong-pin', 'blocked', 'blocked']);
    expect(entries.every((e) => e.ip !== null)).toBe(true);
    const all = JSON.stringify(await t.ctx.db.selectFrom('audit_log').selectAll().execute());
    expect(all).not.toContain(`"${pin}"`);
    expect(all).not.toContain(`"${wrong(pin)}"`);
  });

  it('counts concurrent wrong guesses exactly: never more than five get past the block', async () => {
    const { table, pin } = await openTable();
    const results = await Promise.all(
      Array.from({ length: 12 }, () => joinRequest(t.app, table.qrToken, { pin: wrong(pin) })),
    );
    const codes = results.map((r) => r.json<Problem>().code);
    expect(codes.filter((c) => c === 'PIN_INVALID')).toHaveLength(5);
    expect(codes.filter((c) => c === 'PIN_BLOCKED')).toHaveLength(7);
    const left = results.filter((r) => r.statusCode === 401).map((r) => r.json<Problem>().attemptsLeft as number);
    expect(left.sort()).toEqual([0, 1, 2, 3, 4]);
  });

  it('lifts the block on a PIN reset: the new PIN joins, the old one does not', async () => {
    const { table, session, pin } = await openTable();
    for (let i = 0; i < 5; i++) await joinRequest(t.app, table.qrToken, { pin: wrong(pin) });
    expect((await joinRequest(t.app, table.qrToken, { pin })).statusCode).toBe(429);

    const { pin: newPin } = await resetPinToNew(t.app, a.cookies.WAITER, session.id, pin);
    const row = await t.ctx.db
      .selectFrom('table_sessions')
      .selectAll()
      .where('id', '=', session.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ pin_failures: 0, pin_blocked_until: null });
    const old = await joinRequest(t.app, table.qrToken, { pin });
    expect(old.statusCode).toBe(401);
    expect(old.json<Problem>().attemptsLeft).toBe(4);
    expect((await joinRequest(t.app, table.qrToken, { pin: newPin })).statusCode).toBe(200);
  });

  it('restarts the count once a block has run out', async () => {
    const { table, session, pin } = await openTable();
    for (let i = 0; i < 5; i++) await joinRequest(t.app, table.qrToken, { pin: wrong(pin) });
    await t.ctx.db
      .updateTable('table_sessions')
      .set({ pin_blocked_until: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', session.id)
      .execute();
    const res = await joinRequest(t.app, table.qrToken, { pin: wrong(pin) });
    expect(res.statusCode).toBe(401);
    expect(res.json<Problem>().attemptsLeft).toBe(4);
    expect((await joinRequest(t.app, table.qrToken, { pin })).statusCode).toBe(200);
  });

  it(`limits one address to ${PIN_LIMITS.attemptsPerIp} attempts an hour, right or wrong, anywhere; others still join`, async () => {
    const { table, session, pin } = await openTable();
    const ip = someIp();
    for (let i = 0; i < PIN_LIMITS.attemptsPerIp; i++) {
      expect((await joinRequest(t.app, 'AAAAAAAAAAAAAAAAAAAAAA', { pin: '0000' }, ip)).statusCode).toBe(404);
    }
    const limited = await joinRequest(t.app, table.qrToken, { pin }, ip);
    expect(limited.statusCode).toBe(429);
    expect(limited.json<Problem>().code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.cookies).toHaveLength(0);
    expect((await joinRequest(t.app, table.qrToken, { pin }, someIp())).statusCode).toBe(200);
    const reasons = (await auditFor(session.id))
      .filter((e) => e.action === 'session.join_failed')
      .map((e) => JSON.parse(e.data).reason);
    expect(reasons).toEqual(['rate-limited']);
    // The session's own counter is untouched by an address being limited.
    const row = await t.ctx.db
      .selectFrom('table_sessions')
      .selectAll()
      .where('id', '=', session.id)
      .executeTakeFirstOrThrow();
    expect(row.pin_failures).toBe(0);
  });

  it('ignores X-Forwarded-For unless PLATO_TRUST_PROXY names the proxy', async () => {
    const { table, pin } = await openTable();
    const socket = someIp();
    for (let i = 0; i < PIN_LIMITS.attemptsPerIp; i++) {
      await joinRequest(t.app, 'AAAAAAAAAAAAAAAAAAAAAA', { pin: '0000' }, socket, { 'x-forwarded-for': someIp() });
    }
    // A fresh forwarded address does not help: the socket's address is what counts.
    const res = await joinRequest(t.app, table.qrToken, { pin }, socket, { 'x-forwarded-for': someIp() });
    expect(res.json<Problem>().code).toBe('RATE_LIMITED');
  });
});

describe('behind a trusted proxy', () => {
  let p: TestApp;
  beforeAll(async () => {
    p = await createTestApp({ PLATO_TRUST_PROXY: '127.0.0.1' });
  });
  afterAll(() => p?.close());

  it('limits the client named in X-Forwarded-For, not the proxy', async () => {
    const r = await buildRestaurantWithStaff(p.app, p.ctx);
    const table = await buildTable(p.ctx, r.restaurant.id);
    const { session, pin } = await openSession(p.app, r.cookies.WAITER, table.id);
    const client = someIp();
    for (let i = 0; i < PIN_LIMITS.attemptsPerIp; i++) {
      await joinRequest(p.app, 'AAAAAAAAAAAAAAAAAAAAAA', { pin: '0000' }, '127.0.0.1', { 'x-forwarded-for': client });
    }
    const limited = await joinRequest(p.app, table.qrToken, { pin }, '127.0.0.1', { 'x-forwarded-for': client });
    expect(limited.json<Problem>().code).toBe('RATE_LIMITED');
    const other = await joinRequest(p.app, table.qrToken, { pin }, '127.0.0.1', {
      'x-forwarded-for': someIp(),
      'x-forwarded-proto': 'https',
    });
    expect(other.statusCode, other.body).toBe(200);
    // Under HTTPS (here: as the trusted proxy says) the cookie is Secure too.
    expect(other.cookies.find((c) => c.name === 'plato_guest')?.secure).toBe(true);
    const entry = await p.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity_id', '=', session.id)
      .where('action', '=', 'session.join_failed')
      .executeTakeFirstOrThrow();
    expect(entry.ip).toBe(client);
  });
  it('compares at most five of 50 concurrent wrong PINs from 50 addresses, then refuses the right PIN while blocked', async () => {
    const r = await buildRestaurantWithStaff(p.app, p.ctx);
    const table = await buildTable(p.ctx, r.restaurant.id);
    const { session, pin } = await openSession(p.app, r.cookies.WAITER, table.id);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        joinRequest(p.app, table.qrToken, { pin: wrong(pin) }, '127.0.0.1', { 'x-forwarded-for': `10.50.0.${i + 1}` }),
      ),
    );
    const codes = results.map((res) => res.json<Problem>().code);
    expect(codes.filter((c) => c === 'PIN_INVALID')).toHaveLength(5);
    expect(codes.filter((c) => c === 'PIN_BLOCKED')).toHaveLength(45);
    for (const res of results.filter((x) => x.statusCode === 429)) {
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(14 * 60);
    }
    // Only the five attempts that reserved a slot were ever counted (and compared).
    const row = await p.ctx.db
      .selectFrom('table_sessions')
      .select(['pin_failures', 'pin_blocked_until'])
      .where('id', '=', session.id)
      .executeTakeFirstOrThrow();
    expect(row.pin_failures).toBe(5);
    expect(row.pin_blocked_until).not.toBeNull();
    const reasons = (
      await p.ctx.db
        .selectFrom('audit_log')
        .select('data')
        .where('entity_id', '=', session.id)
        .where('action', '=', 'session.join_failed')
        .execute()
    ).map((e) => JSON.parse(e.data).reason);
    expect(reasons.filter((x) => x === 'wrong-pin')).toHaveLength(5);
    expect(reasons.filter((x) => x === 'blocked')).toHaveLength(45);

    const right = await joinRequest(p.app, table.qrToken, { pin }, '127.0.0.1', { 'x-forwarded-for': '10.50.1.1' });
    expect(right.statusCode).toBe(429);
    expect(right.json<Problem>().code).toBe('PIN_BLOCKED');
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(14 * 60);
    expect(right.cookies.filter((c) => c.name === 'plato_guest')).toHaveLength(0);
  });

  it('never lets the right PIN in alongside a wave of wrong ones once five wrong ones are counted', async () => {
    const r = await buildRestaurantWithStaff(p.app, p.ctx);
    const table = await buildTable(p.ctx, r.restaurant.id);
    const { session, pin } = await openSession(p.app, r.cookies.WAITER, table.id);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        joinRequest(p.app, table.qrToken, { pin: i % 8 === 7 ? pin : wrong(pin) }, '127.0.0.1', {
          'x-forwarded-for': `10.51.0.${i + 1}`,
        }),
      ),
    );
    // Each attempt either reserved one of the five slots before being compared, or was refused unseen.
    const invalid = results.filter((x) => x.statusCode === 401).length;
    expect(invalid).toBe(5);
    const row = await p.ctx.db
      .selectFrom('table_sessions')
      .select('pin_failures')
      .where('id', '=', session.id)
      .executeTakeFirstOrThrow();
    expect(row.pin_failures).toBe(5);
    const admitted = results.filter((x) => x.statusCode === 200).length;
    const joins = await p.ctx.db
      .selectFrom('audit_log')
      .select('id')
      .where('entity_id', '=', session.id)
      .where('action', '=', 'session.join')
      .execute();
    expect(joins).toHaveLength(admitted);
    expect(invalid + admitted + results.filter((x) => x.statusCode === 429).length).toBe(40);
  });
});

describe('the guest session', () => {
  it("shows a guest only their own session, never another table's", async () => {
    const one = await openTable();
    const two = await openTable();
    const g1 = await joinAs(t.app, one.table.qrToken, one.pin, 'Only');
    await joinAs(t.app, two.table.qrToken, two.pin, 'Other');
    const view = (
      await t.app.inject({ url: '/api/v1/guest/session', headers: { cookie: g1.cookie } })
    ).json<GuestSessionResponse>();
    expect(view.session.id).toBe(one.session.id);
    expect(view.guests.map((g) => g.name)).toEqual(['Only']);
  });

  it('answers 401 without a cookie, with a forged one, or with an expired one', async () => {
    const { table, pin } = await openTable();
    const g = await joinAs(t.app, table.qrToken, pin);
    expect((await t.app.inject({ url: '/api/v1/guest/session' })).statusCode).toBe(401);
    expect(
      (await t.app.inject({ url: '/api/v1/guest/session', headers: { cookie: 'plato_guest=forged' } })).statusCode,
    ).toBe(401);
    await t.ctx.db
      .updateTable('guest_tokens')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('token_hash', '=', sha256(g.token))
      .execute();
    expect((await t.app.inject({ url: '/api/v1/guest/session', headers: { cookie: g.cookie } })).statusCode).toBe(401);
  });
});
