import type SqliteDatabase from 'better-sqlite3';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';

/**
 * SQLite for Kysely with **group commit**.
 *
 * A commit is the costliest statement of a small transaction: SQLite appends
 * every page the transaction dirtied to the WAL (an order dirties ~17). Under
 * load many requests' transactions finish in one turn of the event loop, and
 * they dirty mostly the same pages (index leaves, the order counter, the
 * audit tail). So a Kysely transaction here is a savepoint inside one batch
 * transaction, and the batch commits once at the end of the event-loop turn
 * (`setImmediate`): one WAL append for all of them.
 *
 * Nothing is acknowledged before it is durable: a transaction's commit —
 * and the result of any statement run outside a transaction while a batch
 * is open, which may have read the batch's uncommitted rows — resolves only
 * once the batch has committed. If that commit fails, every one of them
 * fails with its error; a transaction that fails rolls back its own
 * savepoint only. Transactions still run one at a time on the one
 * connection (a FIFO lock, as Kysely's own driver has), and the lock is
 * handed on as soon as a transaction's savepoint is released, so the next
 * one joins the batch instead of waiting for the commit.
 */
export class GroupCommitSqliteDialect implements Dialect {
  constructor(
    private readonly database: SqliteDatabase.Database,
    private readonly commits: SqliteCommits = 'per-turn',
  ) {}
  createDriver(): Driver {
    return new GroupCommitSqliteDriver(this.database, this.commits);
  }
  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler();
  }
  createAdapter(): DialectAdapter {
    return new SqliteAdapter();
  }
  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SqliteIntrospector(db);
  }
}

const rollbackListeners = new Set<() => void>();

/**
 * Calls `listener` whenever a batch is lost without committing (its commit
 * failed, or SQLite undid it mid-way), before anything waiting on it hears.
 * For in-process caches of database facts: what a transaction read inside
 * the batch may be state that never committed. Answers the way to stop
 * listening.
 */
export function onBatchRolledBack(listener: () => void): () => void {
  rollbackListeners.add(listener);
  return () => rollbackListeners.delete(listener);
}

function announceRollback(): void {
  for (const listener of rollbackListeners) listener();
}

interface Waiter {
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** One acquisition of the connection: Kysely gets a new one from every `acquireConnection`. */
class Lease implements DatabaseConnection {
  /** The connection is this lease's (a lease hands it back early once its work waits only on a commit). */
  held = true;
  /** Between its savepoint and that savepoint's release or rollback. */
  inTransaction = false;
  constructor(private readonly driver: GroupCommitSqliteDriver) {}
  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return this.driver.execute<R>(this, query);
  }
  // eslint-disable-next-line require-yield -- Kysely's interface; streaming is not used by Plato
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported on SQLite here');
  }
}

const SAVEPOINT = 'plato_tx';

/**
 * `per-turn` is group commit; `per-transaction` commits every transaction on
 * its own, as Kysely's own SQLite driver does — the yardstick the benches
 * measure group commit against, with everything else the same.
 */
export type SqliteCommits = 'per-turn' | 'per-transaction';

export class GroupCommitSqliteDriver implements Driver {
  private readonly statements: StatementCache;
  /** Leases waiting for the connection, first come first served. */
  private readonly queue: Array<() => void> = [];
  private locked = false;
  /** A batch transaction is open on the connection. */
  private batchOpen = false;
  /** Commits (and reads) waiting for the open batch to commit. */
  private waiting: Waiter[] = [];
  /** The end of the turn came while the connection was leased: commit when it is handed back. */
  private commitDue = false;

  constructor(
    private readonly db: SqliteDatabase.Database,
    private readonly commits: SqliteCommits,
  ) {
    this.statements = new StatementCache(db);
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.lock();
    return new Lease(this);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    if (!this.batchOpen) {
      // Immediate: take the write lock up front, so another process (the CLI) cannot make a later write fail.
      this.run('begin immediate');
      this.batchOpen = true;
      if (this.commits === 'per-turn') setImmediate(() => this.endOfTurn());
    }
    this.run(`savepoint ${SAVEPOINT}`);
    lease.inTransaction = true;
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    this.run(`release ${SAVEPOINT}`);
    lease.inTransaction = false;
    const committed = this.handBackUntilCommitted(lease);
    if (this.commits === 'per-transaction') this.commitBatch();
    return committed;
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    // Released already: what failed was the batch's commit, and that has been dealt with.
    if (!lease.inTransaction) return Promise.resolve();
    lease.inTransaction = false;
    // SQLite undid the whole batch (see execute): there is no savepoint left to roll back to.
    if (!this.db.inTransaction) {
      this.release(lease);
      return Promise.resolve();
    }
    this.run(`rollback to ${SAVEPOINT}`);
    this.run(`release ${SAVEPOINT}`);
    // What this transaction read may have come from others in the batch: its answer waits for them too.
    const settled = this.handBackUntilCommitted(lease);
    if (this.commits === 'per-transaction') this.commitBatch();
    return settled;
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    this.release(connection as Lease);
  }

  /** Waits for the leases before it, commits what they left in the batch, then closes. */
  async destroy(): Promise<void> {
    await this.lock();
    this.commitBatch();
    this.db.close();
  }

  /** Runs one statement for a lease; see the class comment for when its result is held back. */
  async execute<R>(lease: Lease, query: CompiledQuery): Promise<QueryResult<R>> {
    // A lease handed back early (a read outside a transaction) takes its turn again for its next statement.
    if (!lease.held) {
      await this.lock();
      lease.held = true;
    }
    // Its batch was rolled back under it (disk full, I/O error): the rest must not run outside a transaction.
    if (lease.inTransaction && !this.db.inTransaction) throw new Error('the transaction was rolled back by SQLite');
    const inBatch = this.batchOpen;
    let result: QueryResult<R>;
    try {
      result = this.statements.execute<R>(query);
    } catch (err) {
      // SQLite undid the whole batch (disk full, I/O error): everything waiting on it fails with this error.
      if (inBatch && !this.db.inTransaction) this.batchLost(err);
      // Refused against rows of the batch (a unique key, say): the refusal too waits for them to be durable.
      else if (inBatch && !lease.inTransaction) await this.handBackUntilCommitted(lease);
      throw err;
    }
    if (!inBatch || lease.inTransaction) return result;
    await this.handBackUntilCommitted(lease);
    return result;
  }

  private run(sql: string): void {
    this.statements.prepare(sql).run();
  }

  /** Gives the connection to the next lease now and resolves once the open batch has committed. */
  private handBackUntilCommitted(lease: Lease): Promise<void> {
    const committed = new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    this.release(lease);
    return committed;
  }

  private release(lease: Lease): void {
    if (!lease.held) return;
    lease.held = false;
    if (this.commitDue) this.commitBatch();
    const next = this.queue.shift();
    if (next) next();
    else this.locked = false;
  }

  /** Resolves once the connection is this caller's, after everyone who asked before. */
  private lock(): Promise<void> {
    if (!this.locked) {
      this.locked = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push(resolve));
  }

  /** The turn's work is done: commit now, or as soon as the lease holding the connection hands it back. */
  private endOfTurn(): void {
    if (!this.batchOpen) return;
    if (this.locked) this.commitDue = true;
    else this.commitBatch();
  }

  private commitBatch(): void {
    this.commitDue = false;
    if (!this.batchOpen) return;
    const waiting = this.waiting;
    this.waiting = [];
    this.batchOpen = false;
    try {
      this.run('commit');
    } catch (err) {
      if (this.db.inTransaction) this.run('rollback');
      announceRollback();
      for (const w of waiting) w.reject(err);
      return;
    }
    for (const w of waiting) w.resolve();
  }

  /** The batch is gone without a commit: everything waiting on it fails with the error that undid it. */
  private batchLost(err: unknown): void {
    this.batchOpen = false;
    this.commitDue = false;
    announceRollback();
    const waiting = this.waiting;
    this.waiting = [];
    for (const w of waiting) w.reject(err);
  }
}

/**
 * Kysely prepares every query afresh, and on SQLite preparing costs more than
 * running a small statement. The app issues a bounded set of distinct SQL
 * strings, so prepared statements are kept and reused; past `max` the oldest
 * is dropped (a hit does no bookkeeping: it is the hot path). Safe because
 * better-sqlite3 is synchronous and no statement's result is iterated lazily.
 */
class StatementCache {
  private readonly cache = new Map<string, SqliteDatabase.Statement>();
  constructor(
    private readonly db: SqliteDatabase.Database,
    private readonly max = 1000,
  ) {}

  prepare(sql: string): SqliteDatabase.Statement {
    let statement = this.cache.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (this.cache.size >= this.max) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(sql, statement);
    }
    return statement;
  }

  /** As Kysely's own SQLite connection answers: rows for statements that return them, counts for the others. */
  execute<R>(query: CompiledQuery): QueryResult<R> {
    const statement = this.prepare(query.sql);
    const parameters = query.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }
}
