import type { GuestSessionResponse, JoinResponse, Problem } from '@plato/contracts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { randomToken, sha256 } from '../src/db/ids.ts';
import { buildRestaurantWithStaff } from './support/factories.ts';
import { buildTable, joinAs, joinRequest, openSession } from './support/session-factories.ts';
import { connectLive, type LiveClient } from './support/socket-client.ts';
import { listenOnFreePort } from './support/socket-factories.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

let t: TestApp;
let a: Awaited<ReturnType<typeof buildRestaurantWithStaff>>;
let url: string;
const sockets: LiveClient[] = [];

beforeAll(async () => {
  t = await createTestApp();
  a = await buildRestaurantWithStaff(t.app, t.ctx);
  url = await listenOnFreePort(t.app);
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.socket.disconnect();
});
afterAll(() => t?.close());

async function openTable(mode: 'FAMILY' | 'INDIVIDUAL' = 'INDIVIDUAL') {
  const table = await buildTable(t.ctx, a.restaurant.id);
  const opened = await openSession(t.app, a.cookies.WAITER, table.id, mode);
  return { table, ...opened };
}

const guestsOf = (sessionId: string) =>
  t.ctx.db.selectFrom('guests').selectAll().where('session_id', '=', sessionId).orderBy('created_at').execute();

const tokensOf = (sessionId: string) =>
  t.ctx.db.selectFrom('guest_tokens').selectAll().where('session_id', '=', sessionId).execute();

const auditOf = (sessionId: string, action: string) =>
  t.ctx.db
    .selectFrom('audit_log')
    .selectAll()
    .where('entity_id', '=', sessionId)
    .where('action', '=', action)
    .orderBy('id')
    .execute();

/** As if no device had used the guest for `minutes`. */
const idleFor = (guestId: string, minutes: number) =>
  t.ctx.db
    .updateTable('guests')
    .set({ last_seen_at: new Date(Date.now() - minutes * 60_000).toISOString() })
    .where('id', '=', guestId)
    .execute();

const me = (cookie: string) => t.app.inject({ url: '/api/v1/guest/session', headers: { cookie } });

describe('the device key', () => {
  it('is a long-lived HttpOnly cookie on /api, stored only as a hash on the guest', async () => {
    const { table, session, pin } = await openTable();
    const res = await joinRequest(t.app, table.qrToken, { pin, name: 'Dora' });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'plato_device');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/api' });
    expect(cookie!.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie!.maxAge).toBeGreaterThan(300 * 24 * 3600);
    const [guest] = await guestsOf(session.id);
    expect(guest!.device_hash).toBe(sha256(cookie!.value));
    expect(JSON.stringify(await guestsOf(session.id))).not.toContain(cookie!.value);
  });

  it('gives a phone that lost its guest cookie its own guest back, whatever name it types or none', async () => {
    const { table, session, pin } = await openTable();
    const first = await joinAs(t.app, table.qrToken, pin, 'Anna');
    const typedOther = await joinAs(t.app, table.qrToken, pin, 'Somebody', { device: first.device });
    const typedNone = await joinAs(t.app, table.qrToken, pin, undefined, { device: first.device });
    expect(typedOther.guest).toEqual(first.guest);
    expect(typedNone.guest).toEqual(first.guest);
    expect(await guestsOf(session.id)).toHaveLength(1);
    expect((await me(typedNone.cookie)).json<GuestSessionResponse>().me.id).toBe(first.guest.id);
    // Its own guest is no claim: nobody is told, nothing is audited as one.
    expect(await auditOf(session.id, 'session.guest_claimed')).toHaveLength(0);
  });
});

describe('claiming a guest by name', () => {
  it('refuses a name claim of a live identity from another device with 409 NAME_IN_USE and changes nothing', async () => {
    const { table, session, pin } = await openTable();
    const anna = await joinAs(t.app, table.qrToken, pin, 'Anna');
    const before = { guests: await guestsOf(session.id), tokens: await tokensOf(session.id) };

    const thief = await joinRequest(t.app, table.qrToken, { pin, name: 'ANNA' });
    expect(thief.statusCode).toBe(409);
    expect(thief.headers['content-type']).toContain('application/problem+json');
    expect(thief.json<Problem>().code).toBe('NAME_IN_USE');
    expect(thief.cookies.filter((c) => c.name === 'plato_guest')).toHaveLength(0);

    expect(await guestsOf(session.id)).toEqual(before.guests);
    expect(await tokensOf(session.id)).toEqual(before.tokens);
    expect((await me(anna.cookie)).statusCode).toBe(200);
    const failed = await auditOf(session.id, 'session.join_failed');
    expect(failed.map((e) => JSON.parse(e.data).reason)).toEqual(['name-in-use']);
    // The right PIN was not counted as a wrong one.
    const row = await t.ctx.db
      .selectFrom('table_sessions')
      .select('pin_failures')
      .where('id', '=', session.id)
      .executeTakeFirstOrThrow();
    expect(row.pin_failures).toBe(0);
  });

  it('refuses a default name ("Guest 1") to another device as well', async () => {
    const { table, session, pin } = await openTable();
    const first = await joinAs(t.app, table.qrToken, pin);
    expect(first.guest.name).toBe('Guest 1');
    for (const name of ['Guest 1', 'guest 1', 'GUEST 1']) {
      const res = await joinRequest(t.app, table.qrToken, { pin, name });
      expect(res.statusCode, name).toBe(409);
      expect(res.json<Problem>().code).toBe('NAME_IN_USE');
    }
    expect(await guestsOf(session.id)).toHaveLength(1);
    expect((await me(first.cookie)).statusCode).toBe(200);
  });

  it('keeps an identity live while its device has a socket open, even without requests', async () => {
    const { table, pin } = await openTable();
    const anna = await joinAs(t.app, table.qrToken, pin, 'Anna');
    await idleFor(anna.guest.id, 11);
    const socket = await connectLive(url, { cookie: anna.cookie });
    sockets.push(socket);
    await socket.waitFor('cart.updated');
    const res = await joinRequest(t.app, table.qrToken, { pin, name: 'Anna' });
    expect(res.statusCode).toBe(409);
  });

  it('keeps an identity live while its device makes requests', async () => {
    const { table, pin } = await openTable();
    const anna = await joinAs(t.app, table.qrToken, pin, 'Anna');
    await idleFor(anna.guest.id, 11);
    expect((await me(anna.cookie)).statusCode).toBe(200);
    expect((await joinRequest(t.app, table.qrToken, { pin, name: 'Anna' })).statusCode).toBe(409);
  });

  it('lets another device claim an identity idle for 10 minutes: the table hears guest.rejoined, it is audited', async () => {
    const { table, session, pin } = await openTable();
    const anna = await joinAs(t.app, table.qrToken, pin, 'Anna');
    const ben = await joinAs(t.app, table.qrToken, pin, 'Ben');
    const benSocket = await connectLive(url, { cookie: ben.cookie });
    sockets.push(benSocket);
    await benSocket.waitFor('cart.updated');
    // Anna's phone is asleep with a socket open from before (its minute timer has not fired since).
    const annaSocket = await connectLive(url, { cookie: anna.cookie });
    sockets.push(annaSocket);
    await annaSocket.waitFor('cart.updated');
    await idleFor(anna.guest.id, 9);
    expect((await joinRequest(t.app, table.qrToken, { pin, name: 'anna' })).statusCode).toBe(409);
    await idleFor(anna.guest.id, 11);

    const claim = await joinRequest(t.app, table.qrToken, { pin, name: 'anna' });
    expect(claim.statusCode, claim.body).toBe(200);
    expect(claim.json<JoinResponse>().guest).toEqual(anna.guest);
    expect(await benSocket.waitFor('guest.rejoined')).toEqual({ guestId: anna.guest.id, name: 'Anna' });
    // The device that held it hears why, and its socket ends with its sign-in.
    expect(await annaSocket.waitFor('guest.rejoined')).toEqual({ guestId: anna.guest.id, name: 'Anna' });
    expect(await annaSocket.waitForDisconnect()).toBe('io server disconnect');
    expect(benSocket.socket.connected).toBe(true);

    const [entry] = await auditOf(session.id, 'session.guest_claimed');
    expect(entry).toMatchObject({ actor_type: 'GUEST', actor_id: anna.guest.id });
    expect(JSON.parse(entry!.data)).toMatchObject({ guestId: anna.guest.id });
    // The identity now belongs to the new device: the old one is signed out, the new one holds it.
    expect((await me(anna.cookie)).statusCode).toBe(401);
    const device = claim.cookies.find((c) => c.name === 'plato_device')!.value;
    const guests = await guestsOf(session.id);
    expect(guests.find((g) => g.id === anna.guest.id)!.device_hash).toBe(sha256(device));
    // And the old device, back with its key, no longer owns it: the identity is live on the new device.
    const back = await joinRequest(t.app, table.qrToken, { pin, name: 'Anna' }, undefined, {
      cookie: `plato_device=${anna.device}`,
    });
    expect(back.statusCode).toBe(409);
  });
  it('lets only one of two devices claiming an idle identity at once have it', async () => {
    const { table, session, pin } = await openTable();
    const anna = await joinAs(t.app, table.qrToken, pin, 'Anna');
    await idleFor(anna.guest.id, 11);
    const claims = await Promise.all(
      Array.from({ length: 6 }, () => joinRequest(t.app, table.qrToken, { pin, name: 'Anna' })),
    );
    expect(claims.map((c) => c.statusCode).sort()).toEqual([200, 409, 409, 409, 409, 409]);
    expect(await auditOf(session.id, 'session.guest_claimed')).toHaveLength(1);
    expect(await guestsOf(session.id)).toHaveLength(1);
  });
});

describe('names in any case and Unicode form', () => {
  it('finds "Ágnes" as "ágnes" or "ÁGNES" (one identity, no 500)', async () => {
    const { table, session, pin } = await openTable();
    const agnes = await joinAs(t.app, table.qrToken, pin, 'Ágnes');
    for (const name of ['ágnes', 'ÁGNES']) {
      const res = await joinRequest(t.app, table.qrToken, { pin, name });
      expect(res.statusCode, name).toBe(409);
      expect(res.json<Problem>().code).toBe('NAME_IN_USE');
    }
    await idleFor(agnes.guest.id, 11);
    const claimed = await joinAs(t.app, table.qrToken, pin, 'ágnes');
    expect(claimed.guest).toEqual(agnes.guest);
    await idleFor(agnes.guest.id, 11);
    const again = await joinAs(t.app, table.qrToken, pin, 'ÁGNES');
    expect(again.guest).toEqual(agnes.guest);
    expect(await guestsOf(session.id)).toHaveLength(1);
  });

  it('rejoins a name with non-ASCII capitals, typed exactly the same, without a 500', async () => {
    const { table, session, pin } = await openTable();
    const eva = await joinAs(t.app, table.qrToken, pin, 'ÉVA');
    const again = await joinAs(t.app, table.qrToken, pin, 'ÉVA', { device: eva.device });
    expect(again.guest).toEqual(eva.guest);
    const other = await joinRequest(t.app, table.qrToken, { pin, name: 'ÉVA' });
    expect(other.statusCode).toBe(409);
    expect(await guestsOf(session.id)).toHaveLength(1);
  });

  it('treats names that differ only by NFKC form (or ß/SS) as one identity', async () => {
    const { table, session, pin } = await openTable();
    const pairs = [
      ['Åsa', 'A\u030Asa'], // composed vs decomposed
      ['So\uFB01a', 'Sofia'], // the "fi" ligature
      ['Ｋｅｎ', 'ken'], // full-width letters
      ['Strauß', 'STRAUSS'],
    ] as const;
    for (const [first, second] of pairs) {
      const guest = await joinAs(t.app, table.qrToken, pin, first);
      await idleFor(guest.guest.id, 11);
      const again = await joinAs(t.app, table.qrToken, pin, second);
      expect(again.guest.id, `${first} / ${second}`).toBe(guest.guest.id);
    }
    expect(await guestsOf(session.id)).toHaveLength(pairs.length);
  });

  it('keeps distinct names distinct', async () => {
    const { table, pin } = await openTable();
    const one = await joinAs(t.app, table.qrToken, pin, 'Ágnes');
    const two = await joinAs(t.app, table.qrToken, pin, 'Agnes');
    expect(two.guest.id).not.toBe(one.guest.id);
  });
});

describe('a device key the server did not make', () => {
  it('is replaced by a new one, and a well-formed unknown one owns nothing', async () => {
    const { table, pin } = await openTable();
    const odd = await joinRequest(t.app, table.qrToken, { pin }, undefined, { cookie: 'plato_device=short' });
    expect(odd.statusCode).toBe(200);
    expect(odd.cookies.find((c) => c.name === 'plato_device')!.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const anna = await joinAs(t.app, table.qrToken, pin, 'Anna');
    const stranger = await joinRequest(t.app, table.qrToken, { pin, name: 'Anna' }, undefined, {
      cookie: `plato_device=${randomToken(32)}`,
    });
    expect(stranger.statusCode).toBe(409);
    expect((await me(anna.cookie)).statusCode).toBe(200);
  });
});
