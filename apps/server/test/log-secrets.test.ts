import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { createContext } from '../src/wiring.ts';
import { buildRestaurant, TEST_PASSWORD } from './support/factories.ts';
import { joinRequest, someIp } from './support/session-factories.ts';
import { buildTable } from './support/socket-factories.ts';
import { createTestApp, type TestApp } from './support/test-app.ts';

/*
 * The PIN, the raw cookies and passwords never reach the logs. The app runs
 * with logging on at its most verbose level into a buffer, through a whole
 * sign-in, open, wrong and malformed PIN, join and use of both cookies; then
 * the buffer is searched for every secret that went over the wire.
 */

let t: TestApp;
let app: FastifyInstance;
const log: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  app = await buildApp(createContext({ ...t.ctx, config: { ...t.ctx.config, logLevel: 'trace' } }), {
    logStream: { write: (line) => void log.push(line) },
  });
});
afterAll(async () => {
  await app?.close();
  await t?.close();
});

const cookieValue = (res: { cookies: { name: string; value: string }[] }, name: string): string => {
  const found = res.cookies.find((c) => c.name === name)?.value;
  if (!found) throw new Error(`no ${name} cookie`);
  return found;
};

/** Digits only: a PIN must not show up as a whole number, though it may by chance inside a longer one (a timestamp). */
const appears = (text: string, secret: string): boolean =>
  /^\d+$/.test(secret) ? new RegExp(`(?<!\\d)${secret}(?!\\d)`).test(text) : text.includes(secret);

describe('what the logs never hold', () => {
  it('no PIN (right, wrong or malformed), raw cookie or password in any log line of a sign-in, open and join', async () => {
    const { restaurant, adminEmail } = await buildRestaurant(t.ctx);
    const signIn = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { restaurant: restaurant.slug, email: adminEmail, password: TEST_PASSWORD },
      remoteAddress: someIp(),
    });
    expect(signIn.statusCode).toBe(200);
    const staffToken = cookieValue(signIn, 'plato_staff');
    const staffCookie = `plato_staff=${staffToken}`;
    // Eight digits: a PIN that long cannot match part of an id or a duration by chance.
    const settings = await app.inject({
      method: 'PATCH',
      url: '/api/v1/admin/settings',
      headers: { cookie: staffCookie },
      payload: { pinLength: 8 },
    });
    expect(settings.statusCode, settings.body).toBe(200);
    const table = await buildTable(app, staffCookie);
    const opened = await app.inject({
      method: 'POST',
      url: `/api/v1/tables/${table.id}/sessions`,
      headers: { cookie: staffCookie },
      payload: { mode: 'FAMILY' },
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const pin = opened.json<{ pin: string }>().pin;
    expect(pin).toMatch(/^\d{8}$/);
    const wrongPin = String((Number(pin) + 1) % 1e8).padStart(8, '0');
    const malformedPin = `${pin}9`;

    expect((await joinRequest(app, table.qrToken, { pin: wrongPin, name: 'Eve' })).statusCode).toBe(401);
    expect((await joinRequest(app, table.qrToken, { pin: malformedPin })).statusCode).toBe(400);
    const joined = await joinRequest(app, table.qrToken, { pin, name: 'Ann' });
    expect(joined.statusCode, joined.body).toBe(200);
    const guestToken = cookieValue(joined, 'plato_guest');
    const deviceKey = cookieValue(joined, 'plato_device');
    const guestCookie = `plato_guest=${guestToken}; plato_device=${deviceKey}`;
    expect((await app.inject({ url: '/api/v1/guest/session', headers: { cookie: guestCookie } })).statusCode).toBe(200);
    // A rejoin from the same phone sends its device key back.
    expect((await joinRequest(app, table.qrToken, { pin }, someIp(), { cookie: guestCookie })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/v1/auth/me', headers: { cookie: staffCookie } })).statusCode).toBe(200);
    const pinReset = await app.inject({
      method: 'POST',
      url: `/api/v1/sessions/${opened.json<{ session: { id: string } }>().session.id}/pin`,
      headers: { cookie: staffCookie },
    });
    expect(pinReset.statusCode, pinReset.body).toBe(200);
    const newPin = pinReset.json<{ pin: string }>().pin;

    const text = log.join('');
    // Logging was on: every request above left its lines (otherwise this test could not fail).
    expect(text).toContain(`/api/v1/public/tables/${table.qrToken}/join`);
    expect(text).toContain('"statusCode":401');
    const secrets = {
      pin,
      newPin,
      wrongPin,
      malformedPin,
      password: TEST_PASSWORD,
      staffToken,
      guestToken,
      deviceKey,
    };
    const leaked = Object.entries(secrets)
      .filter(([, secret]) => appears(text, secret))
      .map(([name]) => name);
    expect(leaked).toEqual([]);
  });
});
