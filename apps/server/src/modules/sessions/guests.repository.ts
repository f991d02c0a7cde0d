import type { Guest } from '@plato/contracts';
import { type Kysely, sql } from 'kysely';
import { newId, nowIso } from '../../db/ids.ts';
import type { Database } from '../../db/schema.ts';
import { OPEN } from '../../db/status-literals.ts';
import { precompiled } from '../../db/precompiled.ts';

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
const insertGuest = precompiled(
  (db, p: { id: string; restaurantId: string; sessionId: string; name: string; createdAt: string }) =>
    db
      .insertInto('guests')
      .values({
        id: p.id,
        restaurant_id: p.restaurantId,
        session_id: p.sessionId,
        name: p.name,
        created_at: p.createdAt,
      })
      .onConflict((oc) => oc.columns(['session_id', 'name']).doNothing())
      .returning(['id', 'name']),
);

export async function insertGuestIfNameFree(
  db: Kysely<Database>,
  g: { restaurantId: string; sessionId: string; name: string },
): Promise<Guest | undefined> {
  const [row] = await insertGuest(db, { ...g, id: newId(), createdAt: nowIso() });
  return row;
}

/**
 * The next default-name number of the session, bumped atomically (it also
 * row-locks the session on PostgreSQL until the join commits). Undefined
 * when the session is no longer OPEN.
 */
const bumpGuestSeq = precompiled((db, p: { restaurantId: string; sessionId: string }) =>
  db
    .updateTable('table_sessions')
    .set({ guest_seq: sql<number>`guest_seq + 1` })
    .where('restaurant_id', '=', p.restaurantId)
    .where('id', '=', p.sessionId)
    .where('status', '=', OPEN)
    .returning('guest_seq'),
);

export async function nextGuestNumber(
  db: Kysely<Database>,
  restaurantId: string,
  sessionId: string,
): Promise<number | undefined> {
  const [row] = await bumpGuestSeq(db, { restaurantId, sessionId });
  return row && Number(row.guest_seq);
}
