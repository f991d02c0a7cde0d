import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRestaurantWithStaff } from './support/factories.ts';
import { secondInstance } from './support/second-instance.ts';
import { buildTable } from './support/session-factories.ts';
import { createTestApp, testDialect, type TestApp } from './support/test-app.ts';

/*
 * API.md: opening a table that already has an open session is 409
 * TABLE_OCCUPIED, and the sessions service leaves the choice between two
 * waiters to the database's partial unique index. Two instances — each with
 * its own connection pool, context and app, as two processes behind a load
 * balancer would have — open the same table at the same moment.
 *
 * PostgreSQL only: an SQLite deployment is one process with one connection,
 * and two connections to one file in one process do not race, they stall:
 * the busy wait for the other's write lock blocks the very event loop that
 * would commit it (tried: every round waits out the 5 s busy timeout).
 */
const ROUNDS = 40;

let t: TestApp;
let instance: Awaited<ReturnType<typeof secondInstance>> | undefined;
let second: FastifyInstance;

beforeAll(async () => {
  if (testDialect() !== 'postgres') return;
  t = await createTestApp();
  instance = await secondInstance(t);
  second = instance.app;
});
afterAll(async () => {
  await instance?.close();
  await t?.close();
});

describe.skipIf(testDialect() !== 'postgres')('one open session per table across instances', () => {
  it(`two instances opening the same table at once: one 201, one 409 TABLE_OCCUPIED, one open row (${ROUNDS} rounds)`, async () => {
    const { restaurant, cookies } = await buildRestaurantWithStaff(t.app, t.ctx);
    const open = (app: FastifyInstance, tableId: string) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/tables/${tableId}/sessions`,
        headers: { cookie: cookies.WAITER },
        payload: { mode: 'FAMILY' },
      });
    const outcomes: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const table = await buildTable(t.ctx, restaurant.id);
      const answers = await Promise.all([open(t.app, table.id), open(second, table.id)]);
      const rows = await t.ctx.db
        .selectFrom('table_sessions')
        .select('id')
        .where('table_id', '=', table.id)
        .where('status', '=', 'OPEN')
        .execute();
      const statuses = answers.map((a) => `${a.statusCode}${a.statusCode === 409 ? ` ${a.json().code}` : ''}`);
      outcomes.push(`${statuses.sort().join(' + ')} → ${rows.length} open`);
    }
    expect(new Set(outcomes)).toEqual(new Set(['201 + 409 TABLE_OCCUPIED → 1 open']));
  });
});
