import { type Compilable, CompiledQuery, type Kysely, type RawBuilder } from 'kysely';
import { preparePostgresStatement } from './database.ts';
import { isSqlite } from './migrator.ts';
import type { Database } from './schema.ts';

const MARK = '\u0000plato-param:';

type Slot = { param: string } | { value: unknown };
interface Compiled {
  sql: string;
  slots: Slot[];
  used: Set<string>;
}

/**
 * A query of fixed shape, built and compiled by Kysely once per dialect and
 * then run with new values. Building and compiling costs more than running
 * a small indexed statement, so the statements on every guest request and
 * every order (token lookup, cart read, counters, audit) are written this
 * way; the SQL is the same Kysely query it would otherwise be.
 *
 * `build` receives stand-ins for the parameters: use them only as whole
 * values (not inside arrays or string concatenations, and not spread), so
 * each becomes one bound parameter. A stand-in that never reaches the SQL
 * fails the first run rather than binding nothing.
 */
export function precompiled<P extends object, R>(
  build: (db: Kysely<Database>, params: P) => Compilable<R> | RawBuilder<R>,
): (db: Kysely<Database>, params: P) => Promise<R[]> {
  const byDialect = new Map<'sqlite' | 'postgres', Compiled>();
  let checked = false;
  const standIns = new Proxy({} as P, { get: (_target, key) => `${MARK}${String(key)}` });

  function compiledFor(db: Kysely<Database>): Compiled {
    const dialect = isSqlite(db) ? 'sqlite' : 'postgres';
    let compiled = byDialect.get(dialect);
    if (!compiled) {
      const built = build(db, standIns);
      // A raw `sql` statement compiles against an executor; a query builder carries its own.
      const query = 'isRawBuilder' in built ? built.compile(db) : built.compile();
      const slots = query.parameters.map((value): Slot =>
        typeof value === 'string' && value.startsWith(MARK) ? { param: value.slice(MARK.length) } : { value },
      );
      const used = new Set(slots.flatMap((slot) => ('param' in slot ? [slot.param] : [])));
      compiled = { sql: query.sql, slots, used };
      if (dialect === 'postgres') preparePostgresStatement(query.sql);
      byDialect.set(dialect, compiled);
    }
    return compiled;
  }

  return async (db, params) => {
    const { sql, slots, used } = compiledFor(db);
    if (!checked) {
      // Once: a stand-in that was spread or wrapped never became a parameter.
      const lost = Object.keys(params).filter((k) => !used.has(k));
      if (lost.length) throw new Error(`precompiled query does not bind ${lost.join(', ')}`);
      checked = true;
    }
    const values = slots.map((s) => ('param' in s ? (params as Record<string, unknown>)[s.param] : s.value));
    const result = await db.executeQuery<R>(CompiledQuery.raw(sql, values));
    return result.rows;
  };
}
