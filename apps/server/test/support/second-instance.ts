import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../../src/app.ts';
import { openDatabase } from '../../src/db/database.ts';
import { createContext } from '../../src/wiring.ts';
import type { TestApp } from './test-app.ts';

/**
 * Another instance on the test app's PostgreSQL schema, with its own pool,
 * context and app, as a second process behind a load balancer would have.
 */
export async function secondInstance(t: TestApp): Promise<{ app: FastifyInstance; close(): Promise<void> }> {
  const schema = (await sql<{ s: string }>`select current_schema() as s`.execute(t.ctx.db)).rows[0]!.s;
  const db = openDatabase(t.ctx.config.databaseUrl, { schema });
  const app = await buildApp(createContext({ db: db.kysely, dialect: db.dialect, config: t.ctx.config }), {
    logger: false,
  });
  return {
    app,
    async close() {
      await app.close();
      await db.close();
    },
  };
}
