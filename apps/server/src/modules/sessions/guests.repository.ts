import type { Guest } from '@plato/contracts';
import { type Kysely, sql } from 'kysely';
import { newId, nowIso } from '../../db/ids.ts';
import type { Database } from '../../db/schema.ts';
import { OPEN } from '../../db/status-literals.ts';

/** The session's guests in the order they first joined. */
export async function listGuests(db: Kysely<Database>, restaurantId: string, sessionId: string): Promise<Guest[]> {
  return db
    .selectFrom('guests')
    .select(['id', 'name'])
    .where('restaurant_id', '=', restaurantId)
    .where('session_id', '=', sessionId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/**
 * A guest of the session by name, ignoring case, so "anna" reclaims "Anna".
 * The database's unique constraint is exact, so of two names differing only
 * in case the older wins.
 */
export async function findGuestByName(
  db: Kysely<Database>,
  restaurantId: string,
  sessionId: string,
  name: string,
): Promise<Guest | undefined> {
  return db
    .selectFrom('guests')
    .select(['id', 'name'])
    .where('restaurant_id', '=', restaurantId)
    .where('session_id', '=', sessionId)
    .where(sql<string>`lower(name)`, '=', name.toLowerCase())
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst();
}

/** Inserts unless the exact name is taken in the session; returns the new guest, or undefined on a clash. */
export async function insertGuestIfNameFree(
  db: Kysely<Database>,
  g: { restaurantId: string; sessionId: string; name: string },
): Promise<Guest | undefined> {
  const row = await db
    .insertInto('guests')
    .values({ id: newId(), restaurant_id: g.restaurantId, session_id: g.sessionId, name: g.name, created_at: nowIso() })
    .onConflict((oc) => oc.columns(['session_id', 'name']).doNothing())
    .returning(['id', 'name'])
    .executeTakeFirst();
  return row;
}

/**
 * The next default-name number of the session, bumped atomically (it also
 * row-locks the session on PostgreSQL until the join commits). Undefined
 * when the session is no longer OPEN.
 */
export async function nextGuestNumber(
  db: Kysely<Database>,
  restaurantId: string,
  sessionId: string,
): Promise<number | undefined> {
  const row = await db
    .updateTable('table_sessions')
    .set({ guest_seq: sql<number>`guest_seq + 1` })
    .where('restaurant_id', '=', restaurantId)
    .where('id', '=', sessionId)
    .where('status', '=', OPEN)
    .returning('guest_seq')
    .executeTakeFirst();
  return row && Number(row.guest_seq);
}
