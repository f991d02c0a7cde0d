import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { onTestFinished } from 'vitest';
import { testDialect } from '../support/test-app.ts';

const serverEntry = fileURLToPath(new URL('../../src/server.ts', import.meta.url));

export interface ServerChild {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

/** An empty data folder, removed when the test ends. */
export function dataFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'plato-proc-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * The real server (`src/server.ts`) in its own process, as operators run it.
 * It is killed when the test ends — also when the test timed out still
 * waiting for it, where a `finally` would never run.
 */
export function startServerProcess(opts: { dataDir: string; port: number; env?: Record<string, string> }): ServerChild {
  const child = spawn(process.execPath, ['--import', 'tsx', serverEntry], {
    env: {
      ...process.env,
      PORT: String(opts.port),
      HOST: '127.0.0.1',
      PLATO_DATA_DIR: opts.dataDir,
      PLATO_LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      ...opts.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  onTestFinished(async () => {
    child.kill('SIGKILL');
    await exited;
  });
  return { child, output: () => out, exited };
}

/** A port nothing listens on, for a server whose clients must know its address before it starts. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface ServerDatabase {
  /** What the server process needs in its environment to use this database. */
  env: Record<string, string>;
  /** How the start banner names it, so a test can see its server really runs on it. */
  named: string;
  /** Those of `ids` that `table` does not hold: what an acknowledged but lost write leaves behind. */
  missing(table: string, ids: Iterable<string>): Promise<string[]>;
}

/**
 * The database a server process runs on, per PLATO_TEST_DB. On SQLite the
 * process is given nothing and uses its data folder's default file, as an
 * operator's first start does. On PostgreSQL it gets a fresh database of its
 * own on TEST_DATABASE_URL's server (a whole database, not a schema: the
 * process runs its migrations as in production), which outlives the process —
 * so killing the process tests Plato, not the database server.
 */
export async function serverDatabase(dataDir: string): Promise<ServerDatabase> {
  if (testDialect() === 'sqlite') {
    // The file is in the data folder, which is the caller's to remove.
    return {
      env: {},
      named: `SQLite (${join(dataDir, 'plato.sqlite')})`,
      async missing(table, ids) {
        const file = new SqliteDatabase(join(dataDir, 'plato.sqlite'), { readonly: true });
        try {
          const stmt = file.prepare(`select 1 from ${table} where id = ?`);
          return [...ids].filter((id) => stmt.get(id) === undefined);
        } finally {
          file.close();
        }
      },
    };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('PLATO_TEST_DB=postgres needs TEST_DATABASE_URL');
  const name = `plato_proc_${randomBytes(6).toString('hex')}`;
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const onServer = async <T>(connectionString: string, work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  await onServer(adminUrl, (c) => c.query(`create database ${name}`));
  // `with (force)`: the database server may not have noticed yet that a killed process's connections are gone.
  onTestFinished(async () => {
    await onServer(adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`));
  });
  return {
    env: { DATABASE_URL: url.href, PLATO_SECRET: randomBytes(32).toString('base64url') },
    named: 'PostgreSQL',
    async missing(table, ids) {
      const wanted = [...ids];
      const { rows } = await onServer(url.href, (c) =>
        c.query<{ id: string }>(`select id from ${table} where id = any($1)`, [wanted]),
      );
      const present = new Set(rows.map((r) => r.id));
      return wanted.filter((id) => !present.has(id));
    },
  };
}
