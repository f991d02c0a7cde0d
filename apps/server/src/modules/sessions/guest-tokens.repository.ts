import type { SessionMode } from '@plato/contracts';
import type { Kysely } from 'kysely';
import { nowIso, sha256 } from '../../db/ids.ts';
import { precompiled } from '../../db/precompiled.ts';
import type { Database } from '../../db/schema.ts';
import type { GuestIdentity } from '../../http/access.ts';

// A joined guest is the request's identity (http/ declares it, as it does staff's); the domains above keep importing it from here.
export type { GuestIdentity };

const insertToken = precompiled(
  (db, p: { tokenHash: string; guestId: string; sessionId: string; createdAt: string; expiresAt: string }) =>
    db.insertInto('guest_tokens').values({
      token_hash: p.tokenHash,
      guest_id: p.guestId,
      session_id: p.sessionId,
      created_at: p.createdAt,
      expires_at: p.expiresAt,
    }),
);

export async function insertGuestToken(
  db: Kysely<Database>,
  t: { token: string; guestId: string; sessionId: string; expiresAt: Date },
): Promise<void> {
  await insertToken(db, {
    tokenHash: sha256(t.token),
    guestId: t.guestId,
    sessionId: t.sessionId,
    createdAt: nowIso(),
    expiresAt: t.expiresAt.toISOString(),
  });
}

const selectGuestByToken = precompiled((db, p: { tokenHash: string; now: string }) =>
  db
    .selectFrom('guest_tokens as t')
    .innerJoin('guests as g', 'g.id', 't.guest_id')
    .innerJoin('table_sessions as s', 's.id', 't.session_id')
    .innerJoin('restaurants as r', 'r.id', 's.restaurant_id')
    .select([
      'g.id as guestId',
      'g.name',
      's.id as sessionId',
      's.restaurant_id as restaurantId',
      's.table_id as tableId',
      's.mode',
      's.status',
      't.expires_at as expiresAt',
      'g.last_seen_at as lastSeenAt',
      'r.menu_version as menuVersion',
    ])
    .where('t.token_hash', '=', p.tokenHash)
    .where('t.expires_at', '>', p.now),
);

/**
 * A guest token is good while unexpired and its session still OPEN — closing
 * revokes it even before the rows go. The session's status is checked here,
 * not in the query: `status = 'OPEN'` there lets PostgreSQL walk the partial
 * index of every open session of the installation instead of taking the one
 * row by its key.
 */
export async function findGuestByToken(db: Kysely<Database>, token: string): Promise<GuestSignIn | undefined> {
  const [row] = await selectGuestByToken(db, { tokenHash: sha256(token), now: nowIso() });
  if (row?.status !== 'OPEN') return undefined;
  const { status: _status, ...guest } = row;
  return { ...guest, mode: row.mode as SessionMode };
}

/** A guest token's identity, with when the token stops working and when its identity was last seen (read in the same statement, for free). */
export interface GuestSignIn extends GuestIdentity {
  /** When this token stops working (ISO): a live socket is ended then. */
  expiresAt: string;
  lastSeenAt: string | null;
}

/** Signs every device of one guest out: its identity was claimed by another device. */
export async function deleteGuestTokensOfGuest(
  db: Kysely<Database>,
  sessionId: string,
  guestId: string,
): Promise<void> {
  await db.deleteFrom('guest_tokens').where('session_id', '=', sessionId).where('guest_id', '=', guestId).execute();
}

export async function deleteGuestTokensOfSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await db.deleteFrom('guest_tokens').where('session_id', '=', sessionId).execute();
}
