import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as foundation from '../src/db/migrations/2026-11-22T1000-foundation.ts';
import * as tableSessions from '../src/db/migrations/2026-11-22T1100-table-sessions.ts';
import * as menuVersion from '../src/db/migrations/2026-11-22T1200-menu-version.ts';
import * as guestIdentity from '../src/db/migrations/2026-12-02T1000-guest-identity.ts';
import * as installation from '../src/db/migrations/2026-12-02T1200-installation.ts';
import * as categoryMenuVersion from '../src/db/migrations/2026-12-03T1000-category-menu-version.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { type MigratedDatabase, databaseMigratedTo } from './support/migration-db.ts';

/**
 * The carts' running order totals (the bill bound's O(1) sum) on a database
 * that already has orders: each session's orders must be counted once, on
 * its table's cart (made where an INDIVIDUAL session has none).
 */
let opened: MigratedDatabase;

beforeAll(async () => {
  opened = await databaseMigratedTo({
    '2026-11-22T1000-foundation': foundation,
    '2026-11-22T1100-table-sessions': tableSessions,
    '2026-11-22T1200-menu-version': menuVersion,
    '2026-12-02T1000-guest-identity': guestIdentity,
    '2026-12-02T1200-installation': installation,
    '2026-12-03T1000-category-menu-version': categoryMenuVersion,
  });
});
afterAll(() => opened?.close());

describe('the cart-ordered-cents migration', () => {
  it("puts each session's orders total on its table's cart, and no more anywhere", async () => {
    const { db } = opened;
    const at = new Date(Date.UTC(2026, 11, 1, 20)).toISOString();
    await db
      .insertInto('restaurants')
      .values({
        id: 'r1',
        slug: 'r1',
        name: 'R',
        currency: 'EUR',
        locale: 'en',
        timezone: 'UTC',
        tax_rate_bps: 0,
        tax_inclusive: 0,
        service_charge_bps: 0,
        pin_length: 4,
        order_approval: 0,
        created_at: at,
        updated_at: at,
      })
      .execute();
    // One open session per table: a table each.
    const table = (id: string) => ({
      id,
      restaurant_id: 'r1',
      name: id,
      seats: 4,
      area: 'Main',
      qr_token: `q-${id}`,
      created_at: at,
      updated_at: at,
    });
    await db
      .insertInto('dining_tables')
      .values([table('t1'), table('t2'), table('t3')])
      .execute();
    const session = (id: string, mode: 'FAMILY' | 'INDIVIDUAL') => ({
      id,
      restaurant_id: 'r1',
      table_id: id.replace('s', 't'),
      mode,
      status: 'OPEN',
      pin_hash: 'x',
      pin_failures: 0,
      pin_blocked_until: null,
      guest_seq: 0,
      opened_by: null,
      opened_at: at,
      closed_at: null,
      closed_by: null,
      close_reason: null,
    });
    await db
      .insertInto('table_sessions')
      .values([session('s1', 'FAMILY'), session('s2', 'INDIVIDUAL'), session('s3', 'FAMILY')])
      .execute();
    await db
      .insertInto('guests')
      .values({ id: 'g1', restaurant_id: 'r1', session_id: 's2', name: 'Ann', created_at: at })
      .execute();
    const cart = (id: string, sessionId: string, owner: string) => ({
      id,
      restaurant_id: 'r1',
      session_id: sessionId,
      owner,
      version: 3,
    });
    await db
      .insertInto('carts')
      .values([cart('c1', 's1', 'TABLE'), cart('c2', 's2', 'g1'), cart('c3', 's3', 'TABLE')])
      .execute();
    const order = (id: string, sessionId: string, number: number, totalCents: number) => ({
      id,
      restaurant_id: 'r1',
      session_id: sessionId,
      table_id: sessionId.replace('s', 't'),
      number,
      approval: 'NOT_REQUIRED',
      source: 'GUEST',
      guest_id: null,
      staff_id: null,
      idempotency_key: id,
      request_hash: 'h',
      total_cents: totalCents,
      reject_reason: null,
      created_at: at,
      decided_at: null,
      decided_by: null,
    });
    await db
      .insertInto('orders')
      .values([order('o1', 's1', 1, 1000), order('o2', 's1', 2, 250), order('o3', 's2', 3, 700)])
      .execute();

    await migrateToLatest(db, opened.schema);

    const carts = await db
      .selectFrom('carts')
      .select(['session_id', 'owner', 'version', 'ordered_cents'])
      .orderBy('session_id')
      .orderBy('owner')
      .execute();
    expect(carts.map((c) => [c.session_id, c.owner, c.version, Number(c.ordered_cents)])).toEqual([
      ['s1', 'TABLE', 3, 1250],
      ['s2', 'TABLE', 0, 700],
      ['s2', 'g1', 3, 0],
      ['s3', 'TABLE', 3, 0],
    ]);
  });
});
