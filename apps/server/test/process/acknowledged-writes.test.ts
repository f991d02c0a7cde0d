import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { startServerProcess } from './server-child.ts';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * No acknowledged write is ever lost, even to a killed process: SQLite
 * commits several requests' transactions together (db/sqlite-group-commit.ts),
 * and a request is answered only once its commit is done. So the server is
 * killed with SIGKILL in the middle of a stream of concurrent cart changes
 * and orders, and every change and order it had answered must be in the file.
 */
describe('server process', () => {
  it('keeps every acknowledged cart change and order through a SIGKILL under load', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'plato-kill-'));
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const { child, output, exited } = startServerProcess({ dataDir, port });
    try {
      await expect.poll(output, { timeout: 20_000 }).toContain('Demo logins');
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

      // Half the devices keep adding lines, half add a line and order it, all at once, until the kill.
      const ackedLines = new Set<string>();
      const ackedOrders = new Set<string>();
      let stop = false;
      const add = (guest: { cookie: string }) =>
        call('POST', '/api/v1/guest/cart/lines', { menuItemId: plain.id, quantity: 1, optionIds: [] }, guest);
      const device = async (guest: { cookie: string }, orders: boolean) => {
        for (let n = 0; !stop; n++) {
          try {
            const added = await add(guest);
            if (added.status !== 200 && added.status !== 201) throw new Error(`add → ${added.status}`);
            if (!orders) {
              for (const line of added.json.lines as { id: string }[]) ackedLines.add(line.id);
              continue;
            }
            const placed = await call('POST', '/api/v1/guest/orders', {}, { ...guest, 'idempotency-key': `k-${n}` });
            if (placed.status !== 201) throw new Error(`order → ${placed.status}`);
            ackedOrders.add((placed.json.order as { id: string }).id);
          } catch {
            return; // the server is gone
          }
        }
      };
      const devices = guests.map((g, i) => device(g, i % 2 === 0));
      await expect
        .poll(() => ackedLines.size + ackedOrders.size, { timeout: 20_000, interval: 5 })
        .toBeGreaterThan(300);
      child.kill('SIGKILL');
      await exited;
      stop = true;
      await Promise.all(devices);

      const file = new SqliteDatabase(join(dataDir, 'plato.sqlite'));
      try {
        const present = (table: string, ids: Set<string>) => {
          const stmt = file.prepare(`select 1 from ${table} where id = ?`);
          return [...ids].filter((id) => stmt.get(id) === undefined);
        };
        expect(ackedLines.size).toBeGreaterThan(0);
        expect(ackedOrders.size).toBeGreaterThan(0);
        expect(present('cart_lines', ackedLines)).toEqual([]);
        expect(present('orders', ackedOrders)).toEqual([]);
      } finally {
        file.close();
      }
    } finally {
      child.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});
