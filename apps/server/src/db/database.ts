import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, type Dialect } from 'kysely';
import pg from 'pg';
import type { PoolUse } from '../metrics.ts';
import type { Database } from './schema.ts';
import { BACKSTOP_PAGES, startCheckpointer } from './sqlite-checkpointer.ts';
import { GroupCommitSqliteDialect, type SqliteCommits } from './sqlite-group-commit.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  /** How full the PostgreSQL pool is now (for metrics); SQLite has one connection and no pool. */
  poolUse(): PoolUse | undefined;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** PostgreSQL schema to use (tests isolate each file in its own). */
  schema?: string;
  poolSize?: number;
  /** SQLite: group commit (the default) or a commit per transaction (the benches' yardstick). */
  sqliteCommits?: SqliteCommits;
}

const DEFAULT_POOL_SIZE = 10;

export function dialectOf(url: string): DialectName {
  if (/^postgres(ql)?:\/\//.test(url)) return 'postgres';
  if (url.startsWith('sqlite://') || url.startsWith('file:') || url === ':memory:') return 'sqlite';
  throw new Error(`DATABASE_URL must start with postgres:// or sqlite:// (got ${url.split(':')[0]}:…)`);
}

function sqliteFile(url: string): string {
  if (url === ':memory:') return url;
  return url.replace(/^sqlite:\/\//, '').replace(/^file:/, '');
}

function sqliteDialect(url: string, commits: SqliteCommits | undefined): Dialect {
  const database = new SqliteDatabase(sqliteFile(url));
  // WAL lets readers run beside the writer; NORMAL sync in WAL mode is durable
  // against a killed process (the OS has the pages), only a power cut can lose
  // the last commits — the trade every embedded deployment of SQLite makes.
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  // Checkpoints run on a worker thread (sqlite-checkpointer.ts); SQLite's own, inside a commit, is the backstop.
  database.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  return new GroupCommitSqliteDialect(database, commits);
}

// int8 (counts, sums) would arrive as strings; every such value here fits a JS number.
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8) return (v: string) => Number(v);
    if (oid === pg.types.builtins.NUMERIC) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** SQL text → statement name, for the statements PostgreSQL should parse and plan once per connection. */
const preparedNames = new Map<string, string>();

/**
 * Marks a statement of fixed text (db/precompiled.ts) to run as a named
 * prepared statement on PostgreSQL: each connection parses and plans it once
 * instead of on every run, which matters for the order's one-statement write.
 */
export function preparePostgresStatement(sqlText: string): void {
  if (!preparedNames.has(sqlText)) preparedNames.set(sqlText, `plato_${preparedNames.size + 1}`);
}

type QueryFn = (...args: unknown[]) => unknown;

/** Kysely calls `client.query(text, values)`; a registered text goes out with its name. */
function nameRegisteredStatements(client: pg.PoolClient): void {
  const query = client.query.bind(client) as QueryFn;
  (client as unknown as { query: QueryFn }).query = (...args: unknown[]) => {
    const [text, values] = args;
    const name = typeof text === 'string' && Array.isArray(values) ? preparedNames.get(text) : undefined;
    return name ? query({ name, text, values }) : query(...args);
  };
}

function postgresDialect(url: string, options: OpenOptions): { dialect: Dialect; pool: pg.Pool } {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    types: pgTypes,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  });
  pool.on('connect', nameRegisteredStatements);
  return { dialect: new PostgresDialect({ pool }), pool };
}

export function openDatabase(url: string, options: OpenOptions = {}): Db {
  const dialect = dialectOf(url);
  if (dialect === 'sqlite') {
    const kysely = new Kysely<Database>({ dialect: sqliteDialect(url, options.sqliteCommits) });
    const file = sqliteFile(url);
    const checkpointer = file === ':memory:' ? undefined : startCheckpointer(file);
    return {
      kysely,
      dialect,
      poolUse: () => undefined,
      async close() {
        await checkpointer?.stop();
        await kysely.destroy();
      },
    };
  }
  const { dialect: pgDialect, pool } = postgresDialect(url, options);
  const kysely = new Kysely<Database>({ dialect: pgDialect });
  const max = options.poolSize ?? DEFAULT_POOL_SIZE;
  return {
    kysely,
    dialect,
    poolUse: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max }),
    close: () => kysely.destroy(),
  };
}
