import { randomUUID } from 'node:crypto';
import { LIMITS } from '@plato/contracts';
import { describe, expect, it } from 'vitest';
import { dataFolder, freePort, serverDatabase, startServerProcess } from './server-child.ts';

/** What a request that was cut off by the server's death looks like to fetch (undici), and nothing else. */
const CONNECTION_LOST = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);
function isConnectionLost(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    const code = (e as NodeJS.ErrnoException).code;
    if ((code !== undefined && CONNECTION_LOST.has(code)) || e.message === 'socket hang up') return true;
  }
  return false;
}
const describeError = (err: unknown): string => {
  const parts: string[] = [];
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    parts.push(`${e.message}${(e as NodeJS.ErrnoException).code ? ` (${(e as NodeJS.ErrnoException).code})` : ''}`);
  }
  return parts.join(' ← ') || String(err);
};

/**
 * No acknowledged write is ever lost, even to a killed process. SQLite
 * commits several requests' transactions together (db/sqlite-group-commit.ts)
 * and answers each only once its commit is done; PostgreSQL commits each
 * before the answer. So the server is killed with SIGKILL in the middle of a
 * stream of concurrent cart changes and orders, and every change and order it
 * had answered must be in the database — on PostgreSQL too, whose server
 * outlives Plato's process. Every request must succeed until the kill, and
 * after it the only failures allowed are lost connections.
 */
describe('server process', () => {
  it('keeps every acknowledged cart change and order through a SIGKILL under load', async () => {
    const dataDir = dataFolder();
    const database = await serverDatabase(dataDir);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const { child, output, exited } = startServerProcess({ dataDir, port, env: database.env });
    await expect.poll(output, { timeout: 20_000 }).toContain('Demo logins');
    expect(output()).toContain(`Plato is running on ${database.named}`);
    const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
      const res = await fetch(base + path, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, json: (await res.json()) as Record<string, unknown>, headers: res.headers };
    };
    const cookieOf = (headers: Headers, name: string) =>
      headers
        .getSetCookie()
        .find((c) => c.startsWith(`${name}=`))!
        .split(';')[0]!;

    const login = await call('POST', '/api/v1/auth/login', {
      restaurant: 'demo',
      email: 'admin@demo.plato',
      password: 'plato-demo',
    });
    const staff = { cookie: cookieOf(login.headers, 'plato_staff') };
    const tables = (await call('GET', '/api/v1/admin/tables', undefined, staff)).json.tables as {
      id: string;
      qrToken: string;
    }[];

    // Eight devices at eight tables.
    const guests: { cookie: string }[] = [];
    for (const table of tables.slice(0, 8)) {
      const opened = await call('POST', `/api/v1/tables/${table.id}/sessions`, { mode: 'FAMILY' }, staff);
      expect(opened.status).toBe(201);
      const joined = await call('POST', `/api/v1/public/tables/${table.qrToken}/join`, {
        pin: opened.json.pin,
        name: `Guest at ${table.id.slice(-4)}`,
      });
      expect(joined.status).toBe(200);
      guests.push({ cookie: cookieOf(joined.headers, 'plato_guest') });
    }
    const categories = (await call('GET', '/api/v1/guest/menu', undefined, guests[0]!)).json.categories as {
      items: { id: string; available: boolean; modifierGroups: { min: number }[] }[];
    }[];
    const plain = categories
      .flatMap((c) => c.items)
      .find((i) => i.available && i.modifierGroups.every((g) => g.min === 0))!;

    // Half the devices add lines (until their cart is full, which would be a rightful 409), half add a line
    // and order it, all at once, until the kill. Every failure is kept, with whether the kill had come.
    const ackedLines = new Set<string>();
    const ackedOrders = new Set<string>();
    const failures: { afterKill: boolean; error: unknown }[] = [];
    let killed = false;
    const expectStatus = (what: string, res: { status: number; json: unknown }, status: number) => {
      if (res.status !== status) throw new Error(`${what} → ${res.status} ${JSON.stringify(res.json)}`);
    };
    const add = (guest: { cookie: string }) =>
      call('POST', '/api/v1/guest/cart/lines', { menuItemId: plain.id, quantity: 1, optionIds: [] }, guest);
    const device = async (guest: { cookie: string }, orders: boolean) => {
      try {
        for (;;) {
          const added = await add(guest);
          expectStatus('add a cart line', added, 200);
          if (!orders) {
            const lines = added.json.lines as { id: string }[];
            for (const line of lines) ackedLines.add(line.id);
            if (lines.length >= LIMITS.cartMaxLines) return;
            continue;
          }
          const placed = await call('POST', '/api/v1/guest/orders', {}, { ...guest, 'idempotency-key': randomUUID() });
          expectStatus('order the cart', placed, 201);
          ackedOrders.add((placed.json.order as { id: string }).id);
        }
      } catch (error) {
        failures.push({ afterKill: killed, error });
      }
    };
    const devices = guests.map((g, i) => device(g, i % 2 === 0));
    await expect
      .poll(() => failures.length > 0 || ackedLines.size + ackedOrders.size > 300, { timeout: 20_000, interval: 5 })
      .toBe(true);
    killed = true;
    child.kill('SIGKILL');
    await exited;
    await Promise.all(devices);

    const before = failures.filter((f) => !f.afterKill).map((f) => describeError(f.error));
    expect(before, 'requests that failed while the server was up').toEqual([]);
    const after = failures.filter((f) => f.afterKill && !isConnectionLost(f.error)).map((f) => describeError(f.error));
    expect(after, 'requests that failed after the kill other than by a lost connection').toEqual([]);
    expect(ackedLines.size).toBeGreaterThan(0);
    expect(ackedOrders.size).toBeGreaterThan(0);
    expect(await database.missing('cart_lines', ackedLines), 'acknowledged cart lines lost').toEqual([]);
    expect(await database.missing('orders', ackedOrders), 'acknowledged orders lost').toEqual([]);
  }, 60_000);
});
