import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { buildApp } from '../apps/server/src/app.ts';
import { loadConfig } from '../apps/server/src/config.ts';
import type { AppContext } from '../apps/server/src/context.ts';
import { openDatabase } from '../apps/server/src/db/database.ts';
import { migrateToLatest } from '../apps/server/src/db/migrator.ts';
import { createRestaurant } from '../apps/server/src/modules/restaurants/restaurants.service.ts';
import { createContext } from '../apps/server/src/wiring.ts';
import { type Call, HttpClient, cookieFrom } from './lib/http.ts';
import {
  type LineChoice,
  type OpenTable,
  buildMenu,
  createTables,
  joinCall,
  nextAddress,
  openSessions,
  signIn,
} from './lib/plato-setup.ts';
import { BENCH_ADMIN } from './lib/server-protocol.ts';

/**
 * `npx tsx bench/query-count.ts [--sql] [--time] [--plan] [--history N]`:
 * the SQL statements one request of each hot kind runs on SQLite, with the
 * app's own database setup — the first thing to look at when a bench figure
 * drops. Not a load test.
 *   --sql      prints each statement
 *   --time     then runs 300 rounds of join + 2 cart adds + order and shows,
 *              per statement, SQLite's time to prepare (only on a statement
 *              cache miss) and to execute it
 *   --plan     adds SQLite's query plan of the costliest reads, planned with
 *              the parameters they last ran with
 *   --history N  first writes N closed sessions with a resolved call each,
 *              as months of service would leave them
 */

const args = process.argv.slice(2);
const showSql = args.includes('--sql');
const showPlans = args.includes('--plan');
const timeStatements = args.includes('--time') || showPlans;
const history = args.includes('--history') ? Number(args[args.indexOf('--history') + 1]) : 0;
const ROUNDS = 300;

interface Timing {
  prepareNs: bigint;
  runNs: bigint;
  prepares: number;
  runs: number;
  /** The parameters of the last run: SQLite decides partial-index use from bound values. */
  lastParams: unknown[];
}
const timings = new Map<string, Timing>();
let capture: string[] | undefined;

const timingOf = (source: string): Timing => {
  let t = timings.get(source);
  if (!t) timings.set(source, (t = { prepareNs: 0n, runNs: 0n, prepares: 0, runs: 0, lastParams: [] }));
  return t;
};

/** Wraps better-sqlite3's prepare and its statements' run/all/get, for every connection, keyed by SQL text. */
function instrument(): void {
  const probe = new SqliteDatabase(':memory:');
  const statementProto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, unknown>;
  probe.close();
  for (const method of ['run', 'all', 'get'] as const) {
    const original = statementProto[method] as (this: SqliteDatabase.Statement, ...params: unknown[]) => unknown;
    statementProto[method] = function (this: SqliteDatabase.Statement, ...params: unknown[]) {
      const start = process.hrtime.bigint();
      try {
        return original.apply(this, params);
      } finally {
        const t = timingOf(this.source);
        t.runNs += process.hrtime.bigint() - start;
        t.runs += 1;
        t.lastParams = params;
        capture?.push(this.source);
      }
    };
  }
  const databaseProto = SqliteDatabase.prototype as unknown as Record<string, unknown>;
  const prepare = databaseProto.prepare as (this: SqliteDatabase.Database, source: string) => SqliteDatabase.Statement;
  databaseProto.prepare = function (this: SqliteDatabase.Database, source: string) {
    const start = process.hrtime.bigint();
    const statement = prepare.call(this, source);
    const t = timingOf(source);
    t.prepareNs += process.hrtime.bigint() - start;
    t.prepares += 1;
    return statement;
  };
}

instrument();
const dataDir = mkdtempSync(join(tmpdir(), 'plato-queries-'));
const database = openDatabase(`sqlite://${join(dataDir, 'plato.sqlite')}`);
// A second handle on the same file, for writing history and asking for plans outside the app.
const side = new SqliteDatabase(join(dataDir, 'plato.sqlite'));
await migrateToLatest(database.kysely);
const config = loadConfig({
  NODE_ENV: 'production',
  PLATO_DATA_DIR: dataDir,
  PLATO_SEED: 'none',
  PLATO_SECRET: 'bench-secret-bench-secret-bench-secret-00',
  PLATO_LOG_LEVEL: 'silent',
  PLATO_PUBLIC_URL: 'http://127.0.0.1',
  PLATO_TRUST_PROXY: '127.0.0.1',
});
const ctx: AppContext = createContext({ db: database.kysely, dialect: 'sqlite', config });
await createRestaurant(ctx.db, {
  slug: BENCH_ADMIN.slug,
  name: 'Bench Bistro',
  admin: { name: 'Admin', ...BENCH_ADMIN },
});
const app = await buildApp(ctx, { logger: false });
const client = new HttpClient(await app.listen({ port: 0, host: '127.0.0.1' }), 1);
const oneLine = (sql: string, max = 220) => sql.replace(/\s+/g, ' ').slice(0, max);

/** Sends one request and prints how many statements ran before its answer (work deferred past the answer is not counted). */
async function count(label: string, call: Call, expected: number): Promise<void> {
  capture = [];
  await client.expect(call, expected);
  const statements = capture;
  capture = undefined;
  process.stdout.write(`${label.padEnd(36)} ${String(statements.length).padStart(3)} statements\n`);
  if (showSql) for (const s of statements) process.stdout.write(`    ${oneLine(s)}\n`);
}

const addLine = (cookie: string, choice: LineChoice): Call => ({
  method: 'POST',
  path: '/api/v1/guest/cart/lines',
  body: { ...choice, quantity: 1 },
  headers: { cookie },
});
const placeOrder = (cookie: string, key: string): Call => ({
  method: 'POST',
  path: '/api/v1/guest/orders',
  body: {},
  headers: { cookie, 'idempotency-key': key },
});

function writeHistory(tableId: string, sessions: number): void {
  const restaurantId = (side.prepare('select id from restaurants').get() as { id: string }).id;
  const session = side.prepare(
    `insert into table_sessions (id, restaurant_id, table_id, mode, status, pin_hash, pin_failures, guest_seq, opened_at, closed_at)
     values (?, ?, ?, 'FAMILY', 'CLOSED', 'x', 0, 0, ?, ?)`,
  );
  const call = side.prepare(
    `insert into calls (id, restaurant_id, session_id, table_id, kind, status, repeats, created_at, last_requested_at, resolved_at)
     values (?, ?, ?, ?, 'WAITER', 'RESOLVED', 0, ?, ?, ?)`,
  );
  const at = new Date(0).toISOString();
  side.transaction(() => {
    for (let i = 0; i < sessions; i++) {
      session.run(`history-${i}`, restaurantId, tableId, at, at);
      call.run(`call-${i}`, restaurantId, `history-${i}`, tableId, at, at, at);
    }
  })();
  process.stdout.write(`\nwrote ${sessions} closed sessions with a resolved call each\n`);
}

async function timedRounds(t: OpenTable, menu: LineChoice[]): Promise<void> {
  timings.clear();
  for (let r = 0; r < ROUNDS; r++) {
    const cookie = cookieFrom(await client.expect(joinCall(t.table.qrToken, t.pin, nextAddress()), 200), 'plato_guest');
    for (const choice of [menu[r % menu.length]!, menu[(r + 3) % menu.length]!])
      await client.expect(addLine(cookie, choice), 200);
    await client.expect(placeOrder(cookie, `round-${r}`), 201);
  }
  const rows = [...timings].map(([source, t]) => ({ source, ...t, totalNs: t.prepareNs + t.runNs }));
  rows.sort((a, b) => Number(b.totalNs - a.totalNs));
  const us = (ns: bigint, n: number) => (n ? (Number(ns) / n / 1000).toFixed(1) : '-').padStart(7);
  const msOf = (ns: bigint) => (Number(ns) / 1e6).toFixed(0);
  const total = rows.reduce((s, r) => s + r.totalNs, 0n);
  const prepared = rows.reduce((s, r) => s + r.prepareNs, 0n);
  process.stdout.write(
    `\nSQLite time over ${ROUNDS} rounds (join + 2 cart adds + order): ${msOf(total)} ms, of which preparing ${msOf(prepared)} ms\n` +
      `   runs  prepares  prepare µs  execute µs  statement\n`,
  );
  for (const r of rows.slice(0, 25)) {
    process.stdout.write(
      `  ${String(r.runs).padStart(5)}  ${String(r.prepares).padStart(8)}  ${us(r.prepareNs, r.prepares)}     ${us(r.runNs, r.runs)}     ${oneLine(r.source, 100)}\n`,
    );
  }
  if (!showPlans) return;
  for (const r of rows.filter((row) => /^\s*select/i.test(row.source)).slice(0, 8)) {
    const plan = side.prepare(`explain query plan ${r.source}`).all(...r.lastParams) as { detail: string }[];
    process.stdout.write(`\n${oneLine(r.source, 400)}\n${plan.map((p) => `    ${p.detail}`).join('\n')}\n`);
  }
}

try {
  const staff = await signIn(client);
  const menu = await buildMenu(client, staff);
  const t = (await openSessions(client, staff, await createTables(client, staff, 1, 'Q'), 'FAMILY'))[0]!;
  await count('POST /public/tables/:qrToken/join', joinCall(t.table.qrToken, t.pin, nextAddress()), 200);
  const cookie = cookieFrom(
    await client.expect(joinCall(t.table.qrToken, t.pin, nextAddress(), 'Ada'), 200),
    'plato_guest',
  );
  await count('POST /guest/cart/lines', addLine(cookie, menu[0]!), 200);
  await count('POST /guest/cart/lines (with options)', addLine(cookie, menu[3]!), 200);
  await count('GET /guest/cart', { method: 'GET', path: '/api/v1/guest/cart', headers: { cookie } }, 200);
  await count('POST /guest/orders (2 lines)', placeOrder(cookie, 'k1'), 201);
  await count('POST /guest/orders (same key again)', placeOrder(cookie, 'k1'), 200);
  if (history) writeHistory(t.table.id, history);
  if (timeStatements) await timedRounds(t, menu);
} finally {
  client.close();
  await app.close();
  side.close();
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
}
