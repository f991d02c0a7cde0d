import type { StaffRole } from '@plato/contracts';
import type { Kysely } from 'kysely';
import { newId, nowIso, sha256 } from '../../db/ids.ts';
import { precompiled } from '../../db/precompiled.ts';
import type { Database } from '../../db/schema.ts';

export interface StaffSessionRow {
  sessionId: string;
  staffId: string;
  name: string;
  role: StaffRole;
  restaurantId: string;
  stationId: string | null;
  /** When this sign-in stops working (ISO): a live socket is ended then. */
  expiresAt: string;
}

export async function createStaffSession(
  db: Kysely<Database>,
  s: {
    token: string;
    staffId: string;
    restaurantId: string;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  },
): Promise<void> {
  await db
    .insertInto('staff_sessions')
    .values({
      id: newId(),
      token_hash: sha256(s.token),
      staff_id: s.staffId,
      restaurant_id: s.restaurantId,
      created_at: nowIso(),
      expires_at: s.expiresAt.toISOString(),
      ip: s.ip,
      user_agent: s.userAgent,
    })
    .execute();
}

const staffSessionByToken = precompiled((db, p: { tokenHash: string; now: string }) =>
  db
    .selectFrom('staff_sessions as ss')
    .innerJoin('staff as s', 's.id', 'ss.staff_id')
    .select([
      'ss.id as sessionId',
      's.id as staffId',
      's.name',
      's.role',
      's.restaurant_id as restaurantId',
      's.station_id as stationId',
      's.active',
      'ss.expires_at as expiresAt',
    ])
    .where('ss.token_hash', '=', p.tokenHash)
    .where('ss.expires_at', '>', p.now),
);

/** The live session of a bearer token: unexpired, and its staff account still active (on every staff request). */
export async function findStaffSession(db: Kysely<Database>, token: string): Promise<StaffSessionRow | undefined> {
  const [row] = await staffSessionByToken(db, { tokenHash: sha256(token), now: nowIso() });
  if (!row || !row.active) return undefined;
  return {
    sessionId: row.sessionId,
    staffId: row.staffId,
    name: row.name,
    role: row.role as StaffRole,
    restaurantId: row.restaurantId,
    stationId: row.stationId,
    expiresAt: row.expiresAt,
  };
}

export async function deleteStaffSession(db: Kysely<Database>, sessionId: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('id', '=', sessionId).execute();
}

/** Signs a member of staff out everywhere (deactivation, password change). */
export async function deleteStaffSessionsOf(db: Kysely<Database>, staffId: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('staff_id', '=', staffId).execute();
}
