import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import SqliteDatabase from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { testDialect } from '../support/test-app.ts';
import { dataFolder, freePort, startServerProcess } from './server-child.ts';

const cliEntry = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
const run = promisify(execFile);

/** `npm run plato -- <args>` against a data folder, as an operator runs it beside the server. */
const plato = (dataDir: string, ...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', cliEntry, ...args], {
    env: { ...withoutDatabaseUrl(process.env), PLATO_DATA_DIR: dataDir, NODE_ENV: 'test' },
  });
const withoutDatabaseUrl = ({ DATABASE_URL: _, ...env }: NodeJS.ProcessEnv) => env;

/** What a consistent snapshot must show: per restaurant, the order counter equals the orders it numbered. */
function snapshotFacts(file: string) {
  const db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  try {
    const orders = (db.prepare('select count(*) as n from orders').get() as { n: number }).n;
    const torn = db
      .prepare(
        `select c.restaurant_id, c.last_number, (select count(*) from orders o where o.restaurant_id = c.restaurant_id) as n
           from order_counters c where c.last_number <> (select count(*) from orders o where o.restaurant_id = c.restaurant_id)`,
      )
      .all();
    const linelessOrders = (
      db
        .prepare(
          'select count(*) as n from orders o where not exists (select 1 from order_lines l where l.order_id = o.id)',
        )
        .get() as { n: number }
    ).n;
    return { orders, torn, linelessOrders, integrity: db.pragma('integrity_check', { simple: true }) };
  } finally {
    db.close();
  }
}

/**
 * `npm run plato -- backup` copies the SQLite database while the server
 * takes orders, and `restore` puts it back: the copy is one consistent
 * snapshot (no order without its lines, every order counter equal to the
 * orders it numbered), holds every order acknowledged before the backup began,
 * and a server started on the restored file has the same order count.
 */
describe.skipIf(testDialect() !== 'sqlite')('SQLite backup and restore', () => {
  it('backs up under load and restores to an identical order count', async () => {
    const dataDir = dataFolder();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const server = startServerProcess({ dataDir, port });
    await expect.poll(server.output, { timeout: 20_000 }).toContain('Demo logins');
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
    const guests: { cookie: string }[] = [];
    for (const table of tables.slice(0, 4)) {
      const opened = await call('POST', `/api/v1/tables/${table.id}/sessions`, { mode: 'FAMILY' }, staff);
      const joined = await call('POST', `/api/v1/public/tables/${table.qrToken}/join`, { pin: opened.json.pin });
      expect(joined.status).toBe(200);
      guests.push({ cookie: cookieOf(joined.headers, 'plato_guest') });
    }
    const categories = (await call('GET', '/api/v1/guest/menu', undefined, guests[0]!)).json.categories as {
      items: { id: string; available: boolean; modifierGroups: { min: number }[] }[];
    }[];
    const plain = categories
      .flatMap((c) => c.items)
      .find((i) => i.available && i.modifierGroups.every((g) => g.min === 0))!;

    let stop = false;
    let acknowledged = 0;
    const errors: string[] = [];
    const device = async (guest: { cookie: string }) => {
      try {
        while (!stop) {
          const added = await call('POST', '/api/v1/guest/cart/lines', { menuItemId: plain.id, quantity: 1 }, guest);
          const placed = await call('POST', '/api/v1/guest/orders', {}, { ...guest, 'idempotency-key': randomUUID() });
          if (added.status !== 200 || placed.status !== 201) errors.push(`${added.status} / ${placed.status}`);
          else acknowledged++;
        }
      } catch (err) {
        errors.push(String(err));
      }
    };
    const devices = guests.map(device);
    await expect.poll(() => acknowledged, { timeout: 20_000 }).toBeGreaterThan(20);

    const before = acknowledged;
    const file = join(dataDir, 'backup.sqlite');
    const backedUp = await plato(dataDir, 'backup', file);
    const after = acknowledged;
    // The load goes on after the backup, so the live database moves past the copy.
    await expect.poll(() => acknowledged, { timeout: 20_000 }).toBeGreaterThan(after + 5);
    stop = true;
    await Promise.all(devices);
    expect(errors, 'requests refused while the backup ran').toEqual([]);

    const copy = snapshotFacts(file);
    expect(copy.integrity).toBe('ok');
    expect(copy.torn, 'order counters that disagree with the orders in the copy').toEqual([]);
    expect(copy.linelessOrders).toBe(0);
    expect(copy.orders).toBeGreaterThanOrEqual(before);
    expect(copy.orders).toBeLessThanOrEqual(after);
    expect(backedUp.stdout).toContain(`${copy.orders} orders`);
    expect(existsSync(`${file}.partial`)).toBe(false);
    const live = snapshotFacts(join(dataDir, 'plato.sqlite'));
    expect(live.orders).toBeGreaterThan(copy.orders);

    // Restore into a new data folder, as after losing the machine, and serve it. The secret the database was
    // first started with goes along (the backup says so): without it the server refuses to start.
    expect(backedUp.stdout).toContain(`Keep ${join(dataDir, 'secret')} with it`);
    const restoredDir = dataFolder();
    copyFileSync(join(dataDir, 'secret'), join(restoredDir, 'secret'));
    const restored = await plato(restoredDir, 'restore', file);
    expect(restored.stdout).toContain(`${copy.orders} orders`);
    expect(snapshotFacts(join(restoredDir, 'plato.sqlite')).orders).toBe(copy.orders);
    const restoredPort = await freePort();
    const again = startServerProcess({ dataDir: restoredDir, port: restoredPort });
    await expect.poll(again.output, { timeout: 20_000 }).toContain('Plato is running on');
    expect((await fetch(`http://127.0.0.1:${restoredPort}/readyz`)).status).toBe(200);
    again.child.kill('SIGTERM');
    expect(await again.exited).toBe(0);
    expect(snapshotFacts(join(restoredDir, 'plato.sqlite')).orders).toBe(copy.orders);

    // A database already in place is not replaced without --force.
    const refused = await plato(restoredDir, 'restore', file).catch((err: { code: number; stderr: string }) => err);
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toContain('--force');
  }, 90_000);
});
