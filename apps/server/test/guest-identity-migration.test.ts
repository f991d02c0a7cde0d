import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/schema.ts';
import * as foundation from '../src/db/migrations/2026-11-22T1000-foundation.ts';
import * as tableSessions from '../src/db/migrations/2026-11-22T1100-table-sessions.ts';
import * as menuVersion from '../src/db/migrations/2026-11-22T1200-menu-version.ts';
import { migrateToLatest } from '../src/db/migrator.ts';
import { guestNameKey } from '../src/modules/sessions/guest-name-key.ts';
import { type MigratedDatabase, databaseMigratedTo } from './support/migration-db.ts';

/**
 * The guest-identity migration on a database that already has guests: it
 * runs the migrations before it, writes guests as the old code did (exact
 * unique names, so two may differ only in case), then migrates to latest.
 */
let opened: MigratedDatabase;
let db: Kysely<Database>;
let schema: string | undefined;

beforeAll(async () => {
  opened = await databaseMigratedTo({
    '2026-11-22T1000-foundation': foundation,
    '2026-11-22T1100-table-sessions': tableSessions,
    '2026-11-22T1200-menu-version': menuVersion,
  });
  ({ db, schema } = opened);
});
afterAll(() => opened?.close());

describe('the guest-identity migration', () => {
  it('keys existing guests; of names differing only in case the oldest keeps the key; all count as seen', async () => {
    const at = (n: number) => new Date(Date.UTC(2026, 10, 30, 20, 0, n)).toISOString();
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
        created_at: at(0),
        updated_at: at(0),
      })
      .execute();
    await db
      .insertInto('dining_tables')
      .values({
        id: 't1',
        restaurant_id: 'r1',
        name: 'T1',
        seats: 4,
        area: 'Main',
        qr_token: 'q1',
        created_at: at(0),
        updated_at: at(0),
      })
      .execute();
    for (const s of ['s1', 's2']) {
      await db
        .insertInto('table_sessions')
        .values({
          id: s,
          restaurant_id: 'r1',
          table_id: 't1',
          mode: 'FAMILY',
          status: 'CLOSED',
          pin_hash: 'x',
          pin_failures: 0,
          pin_blocked_until: null,
          guest_seq: 0,
          opened_by: null,
          opened_at: at(0),
          closed_at: at(1),
          closed_by: null,
          close_reason: null,
        })
        .execute();
    }
    const guests = [
      { id: 'g1', session_id: 's1', name: 'Ágnes', created_at: at(1) },
      { id: 'g2', session_id: 's1', name: 'ÁGNES', created_at: at(2) },
      { id: 'g3', session_id: 's1', name: 'Ben', created_at: at(3) },
      { id: 'g4', session_id: 's2', name: 'ágnes', created_at: at(4) },
    ];
    await db
      .insertInto('guests')
      .values(guests.map((g) => ({ ...g, restaurant_id: 'r1' })))
      .execute();

    const started = new Date().toISOString();
    await migrateToLatest(db, schema);

    const rows = await db
      .selectFrom('guests')
      .select(['id', 'name_key', 'device_hash', 'last_seen_at'])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => [r.id, r.name_key, r.device_hash])).toEqual([
      ['g1', guestNameKey('Ágnes'), null],
      ['g2', null, null],
      ['g3', 'ben', null],
      ['g4', guestNameKey('ágnes'), null],
    ]);
    for (const r of rows) expect((r.last_seen_at ?? '') >= started).toBe(true);
    // The key is unique per session from now on.
    await expect(
      db
        .insertInto('guests')
        .values({ id: 'g5', restaurant_id: 'r1', session_id: 's1', name: 'agnes?', name_key: 'ben', created_at: at(5) })
        .execute(),
    ).rejects.toThrow();
  });
});
