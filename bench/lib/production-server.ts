import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { profileFile } from './cpu-profile.ts';
import { adminQuery } from './database.ts';
import { BENCH_ADMIN } from './server-protocol.ts';

/**
 * Plato as an operator runs it: the production build (`node
 * apps/server/dist/server.js`, what `npm start` runs after building) in its
 * own process, NODE_ENV=production, configured only through its environment,
 * its output going to a log file nobody reads during the run. The restaurant
 * is made with the operator CLI (`npm run plato -- restaurant:create`), since
 * production refuses the demo seed. Its CPU time is read from /proc.
 */

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SERVER = join(ROOT, 'apps/server');
const BUILT = [join(SERVER, 'dist/server.js'), join(SERVER, 'dist/cli.js')];
/** What the server bundle is built from (the web app's build changes no API answer). */
const SOURCES = [
  join(SERVER, 'src'),
  join(ROOT, 'packages/contracts/src'),
  join(SERVER, 'build.mjs'),
  join(SERVER, 'package.json'),
];
const SECRET = 'bench-production-secret-bench-production-0';
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;

const run = promisify(execFile);

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const name of readdirSync(path, { recursive: true, encoding: 'utf8' })) {
    newest = Math.max(newest, statSync(join(path, name)).mtimeMs);
  }
  return newest;
}

/**
 * Builds the server (`npm run build -w apps/server`) when its bundle is
 * missing or older than any of its sources, so the bench never measures
 * stale code. Answers what it did, for the log.
 */
export function ensureProductionBuild(): string {
  const built = Math.min(...BUILT.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
  const sources = Math.max(...SOURCES.map(newestMtime));
  if (built >= sources) return 'production build up to date';
  execFileSync('npm', ['run', 'build', '-w', 'apps/server'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  return 'production build (re)built: npm run build -w apps/server';
}

export type ProductionChoice = 'sqlite' | `postgres${string}`;

/** A database no other run uses: a fresh data folder (SQLite) or a fresh PostgreSQL database. */
export interface ProductionDatabase {
  /** The data folder (photos, the SQLite file, the server's log). */
  dataDir: string;
  /** The database URL (the SQLite file Plato defaults to in `dataDir`, or the new PostgreSQL database). */
  url: string;
  dialect: 'sqlite' | 'postgres';
  /** Planner statistics now (PostgreSQL), as a live database's autovacuum keeps them; nothing on SQLite. */
  analyze(): Promise<void>;
  drop(): Promise<void>;
}

export async function freshProductionDatabase(choice: ProductionChoice): Promise<ProductionDatabase> {
  const dataDir = mkdtempSync(join(tmpdir(), 'plato-bench-prod-'));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (choice === 'sqlite') {
    return {
      dataDir,
      url: `sqlite://${join(dataDir, 'plato.sqlite')}`,
      dialect: 'sqlite',
      analyze: async () => undefined,
      drop: async () => removeDir(),
    };
  }
  // A whole database rather than a schema: the server takes nothing but DATABASE_URL.
  const name = `plato_bench_${randomBytes(6).toString('hex')}`;
  await adminQuery(choice, `create database ${name}`);
  const url = new URL(choice);
  url.pathname = `/${name}`;
  return {
    dataDir,
    url: url.toString(),
    dialect: 'postgres',
    analyze: () => adminQuery(url.toString(), 'analyze'),
    async drop() {
      await adminQuery(choice, `drop database if exists ${name} with (force)`);
      removeDir();
    },
  };
}

/** A port free right now, for PORT (the server prints its public URL, not the port it got from 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** The environment an operator's unit file would give: nothing inherited that configures Plato. */
function serverEnv(db: ProductionDatabase, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(PLATO_|DATABASE_URL$|REDIS_URL$|PORT$|HOST$|NODE_ENV$)/.test(key)) delete env[key];
  }
  return {
    ...env,
    NODE_ENV: 'production',
    PLATO_DATA_DIR: db.dataDir,
    ...(db.dialect === 'postgres' && { DATABASE_URL: db.url }),
    PLATO_SECRET: SECRET,
    // The load generator plays the reverse proxy: each simulated phone has its own X-Forwarded-For.
    PLATO_TRUST_PROXY: '127.0.0.1',
    ...extra,
  };
}

/** The bench's restaurant and admin (BENCH_ADMIN), made as an operator makes one. */
export async function createRestaurantWithCli(
  db: ProductionDatabase,
  restaurant: { name: string; currency: string; locale: string; timezone: string },
): Promise<void> {
  const args = [
    join(SERVER, 'dist/cli.js'),
    'restaurant:create',
    ...['--slug', BENCH_ADMIN.slug, '--name', restaurant.name],
    ...['--admin-email', BENCH_ADMIN.email, '--admin-password', BENCH_ADMIN.password],
    ...['--currency', restaurant.currency, '--locale', restaurant.locale, '--timezone', restaurant.timezone],
  ];
  await run(process.execPath, args, { cwd: ROOT, env: serverEnv(db, {}) });
}

const clockTicks = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** User + system CPU milliseconds of a process so far, all its threads (Linux /proc). */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
}

export interface ProductionServer {
  baseUrl: string;
  pid: number;
  /** Where its stdout and stderr went. */
  logFile: string;
  cpuMs(): number;
  /** Stops it as an operator would (SIGTERM: it finishes in-flight requests and flushes its log). */
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

const tail = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').slice(-2_000) : '(no log)');

/**
 * Starts `node apps/server/dist/server.js` on `db` and waits until /readyz
 * answers. `logLevel` undefined keeps the default level, as `npm start` does.
 */
export async function startProduction(
  db: ProductionDatabase,
  options: { logLevel?: string; logName: string },
): Promise<ProductionServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const logFile = join(db.dataDir, `${options.logName}.log`);
  const out = openSync(logFile, 'a');
  const env = serverEnv(db, {
    HOST: '127.0.0.1',
    PORT: String(port),
    PLATO_PUBLIC_URL: baseUrl,
    ...(options.logLevel !== undefined && { PLATO_LOG_LEVEL: options.logLevel }),
  });
  // BENCH_CPU_PROF: V8's profiler over the server's whole life (set-up included), written when it stops.
  const profile = profileFile(`guest ${db.dialect} ${options.logName}`);
  const profiling = profile
    ? ['--cpu-prof', `--cpu-prof-dir=${dirname(profile)}`, `--cpu-prof-name=${basename(profile)}`]
    : [];
  const child = spawn(process.execPath, [...profiling, join(SERVER, 'dist/server.js')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  const gone = exited(child);
  let ended = false;
  void gone.then(() => (ended = true));

  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (ended) throw new Error(`the production server exited before it was ready:\n${tail(logFile)}`);
    const ready = await fetch(`${baseUrl}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the production server was not ready within ${START_TIMEOUT_MS} ms:\n${tail(logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    baseUrl,
    pid: child.pid!,
    logFile,
    cpuMs: () => processCpuMs(child.pid!),
    async stop() {
      if (ended) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** Lines and bytes the server wrote to its log, and how many of those lines name a request. */
export function logVolume(file: string): { lines: number; bytes: number; requestLines: number } {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const lines = text.split('\n').filter(Boolean);
  return {
    lines: lines.length,
    bytes: Buffer.byteLength(text),
    requestLines: lines.filter((l) => l.includes('"reqId"')).length,
  };
}
