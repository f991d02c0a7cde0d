import type { SessionMode } from '@plato/contracts';
import type { Kysely } from 'kysely';
import { nowIso, sha256 } from '../../db/ids.ts';
import { precompiled } from '../../db/precompiled.ts';
import type { Database } from '../../db/schema.ts';
import { OPEN } from '../../db/status-literals.ts';

export interface GuestIdentity {
  guestId: string;
  name: string;
  sessionId: string;
  restaurantId: string;
  tableId: string;
  mode: SessionMode;
}

export async function insertGuestToken(
  db: Kysely<Database>,
  t: { token: string; guestId: string; sessionId: string; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('guest_tokens')
    .values({
      token_hash: sha256(t.token),
      guest_id: t.guestId,
      session_id: t.sessionId,
      created_at: nowIso(),
      expires_at: t.expiresAt.toISOString(),
    })
    .execute();
}

const selectGuestByToken = precompiled((db, p: { tokenHash: string; now: string }) =>
  db
    .selectFrom('guest_tokens as t')
    .innerJoin('guests as g', 'g.id', 't.guest_id')
    .innerJoin('table_sessions as s', 's.id', 't.session_id')
    .select([
      'g.id as guestId',
      'g.name',
      's.id as sessionId',
      's.restaurant_id as restaurantId',
      's.table_id as tableId',
      's.mode',
    ])
    .where('t.token_hash', '=', p.tokenHash)
    .where('t.expires_at', '>', p.now)
    .where('s.status', '=', OPEN),
);

/** A guest token is good while unexpired and its session still OPEN — closing revokes it even before the rows go. */
export async function findGuestByToken(db: Kysely<Database>, token: string): Promise<GuestIdentity | undefined> {
  const [row] = await selectGuestByToken(db, { tokenHash: sha256(token), now: nowIso() });
  return row && { ...row, mode: row.mode as SessionMode };
}

export async function deleteGuestTokensOfSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await db.deleteFrom('guest_tokens').where('session_id', '=', sessionId).execute();
}
