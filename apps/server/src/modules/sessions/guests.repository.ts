import type { Guest } from '@plato/contracts';
import { type Kysely, sql } from 'kysely';
import { newId, nowIso } from '../../db/ids.ts';
import type { Database } from '../../db/schema.ts';
import { OPEN } from '../../db/status-literals.ts';
import { precompiled } from '../../db/precompiled.ts';
import { guestNameKey } from './guest-name-key.ts';

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

/** A guest with what decides who may take the identity. */
export interface GuestOwnership extends Guest {
  deviceHash: string | null;
  lastSeenAt: string | null;
}

/**
 * The guest of the session whose name has the key (see `guestNameKey`), so
 * "ágnes" finds "Ágnes" on both databases.
 */
export async function findGuestByNameKey(
  db: Kysely<Database>,
  restaurantId: string,
  sessionId: string,
  nameKey: string,
): Promise<GuestOwnership | undefined> {
  return db
    .selectFrom('guests')
    .select(['id', 'name', 'device_hash as deviceHash', 'last_seen_at as lastSeenAt'])
    .where('restaurant_id', '=', restaurantId)
    .where('session_id', '=', sessionId)
    .where('name_key', '=', nameKey)
    .executeTakeFirst();
}

/** The session's guest owned by the device (at most one: a unique index). */
const guestByDevice = precompiled((db, p: { restaurantId: string; sessionId: string; deviceHash: string }) =>
  db
    .selectFrom('guests')
    .select(['id', 'name'])
    .where('session_id', '=', p.sessionId)
    .where('device_hash', '=', p.deviceHash)
    .where('restaurant_id', '=', p.restaurantId),
);

export async function findGuestByDevice(
  db: Kysely<Database>,
  restaurantId: string,
  sessionId: string,
  deviceHash: string,
): Promise<Guest | undefined> {
  const [row] = await guestByDevice(db, { restaurantId, sessionId, deviceHash });
  return row;
}

/**
 * Inserts unless the session already has the name (by its key or exactly) or
 * a guest of this device; returns the new guest, or undefined on a clash.
 */
const insertGuest = precompiled(
  (
    db,
    p: {
      id: string;
      restaurantId: string;
      sessionId: string;
      name: string;
      nameKey: string;
      deviceHash: string;
      at: string;
    },
  ) =>
    db
      .insertInto('guests')
      .values({
        id: p.id,
        restaurant_id: p.restaurantId,
        session_id: p.sessionId,
        name: p.name,
        name_key: p.nameKey,
        device_hash: p.deviceHash,
        last_seen_at: p.at,
        created_at: p.at,
      })
      // No target: any of the unique indexes (exact name, name key, device) makes it a clash.
      .onConflict((oc) => oc.doNothing())
      .returning(['id', 'name']),
);

export async function insertGuestIfFree(
  db: Kysely<Database>,
  g: { restaurantId: string; sessionId: string; name: string; deviceHash: string },
): Promise<Guest | undefined> {
  const [row] = await insertGuest(db, { ...g, nameKey: guestNameKey(g.name), id: newId(), at: nowIso() });
  return row;
}

/**
 * Hands an identity to another device, only if no device has used it since
 * `idleSince` (checked in the statement, so two claimers, or a claimer and
 * the owner coming back, cannot both win). Undefined when it was refused.
 */
export async function claimIdleGuest(
  db: Kysely<Database>,
  c: { restaurantId: string; guestId: string; deviceHash: string; now: string; idleSince: string },
): Promise<Guest | undefined> {
  return db
    .updateTable('guests')
    .set({ device_hash: c.deviceHash, last_seen_at: c.now })
    .where('restaurant_id', '=', c.restaurantId)
    .where('id', '=', c.guestId)
    .where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<=', c.idleSince)]))
    .returning(['id', 'name'])
    .executeTakeFirst();
}

/**
 * Marks the identity as used now, unless that was already recorded since
 * `staleBefore`: a conditional update, so a busy guest writes at most once
 * per resolution, not once per request.
 */
const touchGuest = precompiled((db, p: { guestId: string; now: string; staleBefore: string }) =>
  db
    .updateTable('guests')
    .set({ last_seen_at: p.now })
    .where('id', '=', p.guestId)
    .where((eb) => eb.or([eb('last_seen_at', 'is', null), eb('last_seen_at', '<', p.staleBefore)])),
);

export async function markGuestSeen(
  db: Kysely<Database>,
  guestId: string,
  now: Date,
  staleBefore: Date,
): Promise<void> {
  await touchGuest(db, { guestId, now: now.toISOString(), staleBefore: staleBefore.toISOString() });
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
