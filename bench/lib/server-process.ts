import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../../apps/server/src/app.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import type { AppContext } from '../../apps/server/src/context.ts';
import { openDatabase } from '../../apps/server/src/db/database.ts';
import { createRestaurant } from '../../apps/server/src/modules/restaurants/restaurants.service.ts';
import { createContext } from '../../apps/server/src/wiring.ts';
import { buildBaselineHttp, buildBaselineKitchen, buildBaselineSocket } from './baseline-apps.ts';
import { buildBaselineBilling } from './baseline-billing.ts';
import { buildBaselineGuest } from './baseline-guest.ts';
import { type BenchDatabase, type DatabaseChoice, freshDatabase } from './database.ts';
import { BENCH_ADMIN, type ChildMessage, type ParentMessage, type ServerKind } from './server-protocol.ts';

/**
 * The server under test, in its own process so the load generator never
 * shares its event loop: started by `startServer` (server-control.ts) with
 * BENCH_SERVER and BENCH_DB in the environment; reports its port over IPC and
 * cleans up (temp folder, PostgreSQL schema) when told to stop.
 */

const send = (message: ChildMessage) => process.send?.(message);

async function start(
  kind: ServerKind,
  choice: DatabaseChoice,
  dataDir: string,
): Promise<{ app: FastifyInstance; database?: BenchDatabase }> {
  if (kind === 'baseline-socket') return { app: await buildBaselineSocket() };
  if (kind === 'baseline-guest') {
    // Plato's own database, opened as Plato opens it; the parent drops it afterwards.
    const url = process.env.BENCH_GUEST_DATABASE_URL!;
    const db = openDatabase(url);
    const app = await buildBaselineGuest(db.kysely, process.env.BENCH_GUEST_MENU!);
    return { app, database: { db, url, schema: undefined, drop: () => db.close() } };
  }
  const database = await freshDatabase(choice, dataDir);
  if (kind === 'baseline-http') return { app: await buildBaselineHttp(database.db.kysely), database };
  if (kind === 'baseline-billing') {
    const sessions = Number(process.env.BENCH_BILL_SESSIONS ?? 128);
    const postgres = database.db.dialect === 'postgres';
    return { app: await buildBaselineBilling(database.db.kysely, sessions, postgres), database };
  }
  if (kind === 'baseline-kitchen') {
    const stations = Number(process.env.BENCH_KITCHEN_STATIONS ?? 4);
    return { app: await buildBaselineKitchen(database.db.kysely, stations), database };
  }

  const config = loadConfig({
    NODE_ENV: 'production',
    PLATO_DATA_DIR: dataDir,
    DATABASE_URL: database.url,
    PLATO_SEED: 'none',
    PLATO_SECRET: 'bench-secret-bench-secret-bench-secret-00',
    PLATO_LOG_LEVEL: 'silent',
    PLATO_PUBLIC_URL: 'http://127.0.0.1',
    // The load generator plays the proxy: each simulated device has its own X-Forwarded-For.
    PLATO_TRUST_PROXY: '127.0.0.1',
  });
  const ctx: AppContext = createContext({ db: database.db.kysely, dialect: database.db.dialect, config });
  await createRestaurant(ctx.db, {
    slug: BENCH_ADMIN.slug,
    name: 'Bench Bistro',
    admin: { name: 'Bench Admin', email: BENCH_ADMIN.email, password: BENCH_ADMIN.password },
  });
  return { app: await buildApp(ctx, { logger: false }), database };
}

/** V8's sampling profiler on this thread, driven by the parent so set-up and warm-up stay out of the profile. */
const profiler = new Session();

async function profile(message: Extract<ParentMessage, { type: 'profile' }>): Promise<void> {
  if (message.action === 'start') {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  } else {
    const { profile } = await profiler.post('Profiler.stop');
    mkdirSync(dirname(message.file), { recursive: true });
    writeFileSync(message.file, JSON.stringify(profile));
    profiler.disconnect();
  }
  send({ type: 'profiled' });
}

/**
 * A schema seconds old has no planner statistics, and autovacuum gathers
 * them at a moment of its choosing (a minute in, or never in a short run),
 * so PostgreSQL's plans — and the figures — would change mid-run. A live
 * database has current statistics, so the benches gather them once the
 * tables hold representative rows (after the set-up or the warm-up round),
 * before measuring. Statistics gathered too early mislead instead: an
 * `orders` table analysed empty is scanned whole ever after. SQLite plans
 * need none (query-count.ts --plan).
 */
async function analyze(database: BenchDatabase | undefined): Promise<void> {
  if (database?.db.dialect === 'postgres') await sql`analyze`.execute(database.db.kysely);
}

async function main(): Promise<void> {
  const kind = (process.env.BENCH_SERVER ?? 'plato') as ServerKind;
  const choice = (process.env.BENCH_DB ?? 'sqlite') as DatabaseChoice;
  const dataDir = mkdtempSync(join(tmpdir(), 'plato-bench-'));
  const { app, database } = await start(kind, choice, dataDir);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
    send({ type: 'stopped' });
    process.exit(0);
  };
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'stop') void stop();
    if (message.type === 'profile') void profile(message);
    if (message.type === 'analyze') void analyze(database).then(() => send({ type: 'analyzed' }));
    if (message.type === 'usage') {
      const cpu = process.cpuUsage();
      send({ type: 'usage', userMicros: cpu.user, systemMicros: cpu.system, rssBytes: process.memoryUsage.rss() });
    }
  });
  // An orphaned child (the parent crashed) must not linger.
  process.on('disconnect', () => void stop());
  send({ type: 'ready', baseUrl: address, dialect: database?.db.dialect ?? 'none' });
}

main().catch((err: unknown) => {
  send({ type: 'failed', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  process.exit(1);
});
