import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { ClusterServices } from './services.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SERVER = join(ROOT, 'apps/server');
const BUNDLE = join(SERVER, 'dist/server.js');
/** The nginx config operators install (docs/deploy.md); the harness rewrites only addresses and the log path. */
export const NGINX_CONF = join(ROOT, 'deploy/nginx/plato.conf');
const START_TIMEOUT_MS = 30_000;

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
 * The processes run the production bundle (`node apps/server/dist/server.js`,
 * what `npm start` runs), rebuilt with esbuild (about a second) when it is
 * missing or older than its sources, so a test never runs stale code.
 */
export function ensureServerBundle(): void {
  const sources = Math.max(
    ...[join(SERVER, 'src'), join(ROOT, 'packages/contracts/src'), join(SERVER, 'build.mjs')].map(newestMtime),
  );
  if (existsSync(BUNDLE) && statSync(BUNDLE).mtimeMs >= sources) return;
  execFileSync(process.execPath, ['build.mjs'], { cwd: SERVER, stdio: ['ignore', 'ignore', 'inherit'] });
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface PlatoProcess {
  name: string;
  port: number;
  /** Its own address, past nginx. */
  url: string;
  child: ChildProcess;
  /** Everything it printed (the JSON log lines and the banner). */
  output(): string;
  exited: Promise<number | null>;
}

/** Runs `work` on a fresh connection to `url`. */
export async function onDatabase<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface ClusterOptions {
  /** Environment for every process, over the cluster's own. */
  env?: Record<string, string>;
}

/**
 * nginx in front of Plato processes on one fresh PostgreSQL database and one
 * Redis, as docs/deploy.md sets them up. Each run has its own database and
 * its own secret, and the Socket.IO Redis channel is keyed by the secret, so
 * runs sharing a Redis never hear each other. Everything it started is ended
 * by `close()`; the folder with the logs is kept when `PLATO_KEEP_CLUSTER=1`.
 */
export class Cluster {
  readonly dir = mkdtempSync(join(tmpdir(), 'plato-cluster-'));
  readonly secret = randomBytes(32).toString('base64url');
  readonly processes = new Map<string, PlatoProcess>();
  private nginx: ChildProcess | undefined;
  private nginxExited: Promise<number | null> | undefined;
  proxyPort = 0;

  private constructor(
    readonly services: ClusterServices,
    readonly databaseUrl: string,
    private readonly databaseName: string,
    private readonly options: ClusterOptions,
  ) {}

  /** The address clients use: nginx. */
  get proxyUrl(): string {
    return `http://127.0.0.1:${this.proxyPort}`;
  }

  process(name: string): PlatoProcess {
    const found = this.processes.get(name);
    if (!found) throw new Error(`no process ${name}`);
    return found;
  }

  /** Creates the database and starts `names` one after another (the first migrates and seeds the demo), then nginx. */
  static async start(services: ClusterServices, names: string[], options: ClusterOptions = {}): Promise<Cluster> {
    ensureServerBundle();
    const databaseName = `plato_cluster_${randomBytes(6).toString('hex')}`;
    await onDatabase(services.postgresUrl, (c) => c.query(`create database ${databaseName}`));
    const url = new URL(services.postgresUrl);
    url.pathname = `/${databaseName}`;
    const cluster = new Cluster(services, url.href, databaseName, options);
    try {
      cluster.proxyPort = await freePort();
      for (const name of names) await cluster.startProcess(name);
      await cluster.startNginx();
      return cluster;
    } catch (err) {
      await cluster.close();
      throw err;
    }
  }

  /** The environment docs/deploy.md gives every process. */
  processEnv(port: number): Record<string, string> {
    return {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: this.services.redisUrl,
      PLATO_SECRET: this.secret,
      PLATO_PUBLIC_URL: this.proxyUrl,
      PLATO_TRUST_PROXY: '127.0.0.1',
      PLATO_DATA_DIR: join(this.dir, 'data'),
      PLATO_LOG_LEVEL: 'info',
      PLATO_METRICS: '1',
      // Everything else as in production; `development` only so the first process seeds the demo restaurant
      // (production refuses it), which gives every test staff of each role, tables and a menu.
      NODE_ENV: 'development',
      ...this.options.env,
    };
  }

  /**
   * Starts (or restarts, on a new port unless given) the process `name` and
   * waits until it answers /readyz. Rejects with its output if it exits first
   * or does not answer in time: a refusal is seen, never waited on.
   */
  async startProcess(name: string, opts: { port?: number; env?: Record<string, string> } = {}): Promise<PlatoProcess> {
    const port = opts.port ?? (await freePort());
    mkdirSync(join(this.dir, 'data'), { recursive: true });
    const logFile = join(this.dir, `${name}-${port}.log`);
    const fd = openSync(logFile, 'a');
    const child = spawn(process.execPath, [BUNDLE], {
      env: { PATH: process.env.PATH ?? '', ...this.processEnv(port), ...opts.env },
      stdio: ['ignore', fd, fd],
    });
    closeSync(fd);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const started: PlatoProcess = {
      name,
      port,
      url: `http://127.0.0.1:${port}`,
      child,
      output: () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : ''),
      exited,
    };
    this.processes.set(name, started);
    await waitReady(started);
    return started;
  }

  /** SIGKILL: the process is gone at once, mid-request, as in a power cut of its container. */
  async kill(name: string): Promise<void> {
    const p = this.process(name);
    p.child.kill('SIGKILL');
    await p.exited;
  }

  /** SIGTERM: it stops accepting, finishes what is in flight and exits; resolves with its exit code. */
  async stop(name: string): Promise<number | null> {
    const p = this.process(name);
    p.child.kill('SIGTERM');
    return p.exited;
  }

  /** The upstream servers nginx balances over, now: every live process. */
  private upstreams(): string {
    return [...this.processes.values()]
      .filter((p) => p.child.exitCode === null && p.child.signalCode === null)
      .map((p) => `    server 127.0.0.1:${p.port} max_fails=1 fail_timeout=5s;`)
      .join('\n');
  }

  /** deploy/nginx/plato.conf with this run's addresses, inside a main config that keeps every file in the run's folder. */
  private writeNginxConfig(): string {
    const site = readFileSync(NGINX_CONF, 'utf8')
      .replace(/^ {4}listen 80;$/m, `    listen 127.0.0.1:${this.proxyPort};`)
      .replace(
        /(upstream plato_\w+ \{\n(?: {4}(?:least_conn|hash)[^\n]*\n)?)(?: {4}server [^\n]*\n)+/g,
        (_m, head: string) => `${head}${this.upstreams()}\n`,
      )
      .replace('/var/log/nginx/plato.access.log', join(this.dir, 'nginx-access.log'));
    if (!site.includes(`listen 127.0.0.1:${this.proxyPort};`))
      throw new Error('nginx config: no `listen 80;` to rewrite');
    const prefix = join(this.dir, 'nginx');
    mkdirSync(join(prefix, 'temp'), { recursive: true });
    writeFileSync(join(prefix, 'plato.conf'), site);
    const main = [
      'daemon off;',
      'worker_processes 1;',
      `pid ${join(prefix, 'nginx.pid')};`,
      `error_log ${join(this.dir, 'nginx-error.log')} warn;`,
      'events { worker_connections 1024; }',
      'http {',
      `  client_body_temp_path ${join(prefix, 'temp/body')};`,
      `  proxy_temp_path ${join(prefix, 'temp/proxy')};`,
      `  fastcgi_temp_path ${join(prefix, 'temp/fastcgi')};`,
      `  uwsgi_temp_path ${join(prefix, 'temp/uwsgi')};`,
      `  scgi_temp_path ${join(prefix, 'temp/scgi')};`,
      `  include ${join(prefix, 'plato.conf')};`,
      '}',
      '',
    ].join('\n');
    const file = join(prefix, 'nginx.conf');
    writeFileSync(file, main);
    return file;
  }

  private async startNginx(): Promise<void> {
    const conf = this.writeNginxConfig();
    const prefix = join(this.dir, 'nginx');
    // `-t` first: a config error is reported as such, not as a proxy that never answers.
    execFileSync(this.services.nginx, ['-p', prefix, '-c', conf, '-t', '-q'], { stdio: ['ignore', 'ignore', 'pipe'] });
    const nginx = spawn(this.services.nginx, ['-p', prefix, '-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    let errors = '';
    nginx.stderr!.on('data', (d) => (errors += String(d)));
    this.nginx = nginx;
    this.nginxExited = new Promise((resolve) => nginx.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 10_000;
    for (;;) {
      if (nginx.exitCode !== null) throw new Error(`nginx exited: ${errors}`);
      const up = await fetch(`${this.proxyUrl}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (up) return;
      if (Date.now() > deadline) throw new Error(`nginx did not answer within 10 s: ${errors}`);
      await sleep(50);
    }
  }

  /** Points nginx at the live processes now (after a restart on a new port): `nginx -s reload`, as an operator would. */
  async reloadNginx(): Promise<void> {
    const conf = this.writeNginxConfig();
    execFileSync(this.services.nginx, ['-p', join(this.dir, 'nginx'), '-c', conf, '-s', 'reload'], { stdio: 'ignore' });
    // The new workers take over as the old ones finish; a moment is enough on one machine.
    await sleep(300);
  }

  query<R extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    return onDatabase(this.databaseUrl, async (c) => (await c.query<R>(text, values)).rows);
  }

  async close(): Promise<void> {
    for (const p of this.processes.values()) {
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
      await p.exited;
    }
    if (this.nginx && this.nginx.exitCode === null) {
      this.nginx.kill('SIGTERM');
      await this.nginxExited;
    }
    await onDatabase(this.services.postgresUrl, (c) =>
      c.query(`drop database if exists ${this.databaseName} with (force)`),
    ).catch(() => {});
    if (process.env.PLATO_KEEP_CLUSTER === '1') console.log(`cluster files kept in ${this.dir}`);
    else rmSync(this.dir, { recursive: true, force: true });
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitReady(p: PlatoProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (p.child.exitCode !== null || p.child.signalCode !== null) {
      throw new Error(
        `Plato process ${p.name} exited with ${p.child.exitCode ?? p.child.signalCode} before it was ready:\n${p.output()}`,
      );
    }
    const ready = await fetch(`${p.url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) return;
    if (Date.now() > deadline) {
      throw new Error(`Plato process ${p.name} was not ready within ${START_TIMEOUT_MS / 1000} s:\n${p.output()}`);
    }
    await sleep(100);
  }
}
