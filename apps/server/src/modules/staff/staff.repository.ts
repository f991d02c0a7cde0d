import type { StaffAccount, StaffRole } from '@plato/contracts';
import type { Kysely, Selectable } from 'kysely';
import { flag, nowIso } from '../../db/ids.ts';
import type { Database, StaffTable } from '../../db/schema.ts';

const toAccount = (r: Selectable<StaffTable>): StaffAccount => ({
  id: r.id,
  name: r.name,
  email: r.email,
  role: r.role as StaffRole,
  active: Boolean(r.active),
  stationId: r.station_id,
  createdAt: r.created_at,
});

/** Columns safe to return; the password hash never leaves this file except for login. */
export async function listStaff(db: Kysely<Database>, restaurantId: string): Promise<StaffAccount[]> {
  const rows = await db
    .selectFrom('staff')
    .selectAll()
    .where('restaurant_id', '=', restaurantId)
    .orderBy('name')
    .execute();
  return rows.map(toAccount);
}

export async function findStaff(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
): Promise<StaffAccount | undefined> {
  const row = await db
    .selectFrom('staff')
    .selectAll()
    .where('restaurant_id', '=', restaurantId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toAccount(row);
}

export async function findCredentials(db: Kysely<Database>, restaurantId: string, email: string) {
  const row = await db
    .selectFrom('staff')
    .selectAll()
    .where('restaurant_id', '=', restaurantId)
    .where('email', '=', email)
    .executeTakeFirst();
  return row && { account: toAccount(row), passwordHash: row.password_hash };
}

export interface NewStaff {
  id: string;
  restaurantId: string;
  name: string;
  email: string;
  role: StaffRole;
  passwordHash: string;
  stationId: string | null;
}

export async function insertStaff(db: Kysely<Database>, s: NewStaff): Promise<void> {
  const at = nowIso();
  await db
    .insertInto('staff')
    .values({
      id: s.id,
      restaurant_id: s.restaurantId,
      name: s.name,
      email: s.email,
      role: s.role,
      password_hash: s.passwordHash,
      active: 1,
      station_id: s.stationId,
      created_at: at,
      updated_at: at,
    })
    .execute();
}

export interface StaffPatch {
  name?: string | undefined;
  role?: StaffRole | undefined;
  active?: boolean | undefined;
  passwordHash?: string | undefined;
  stationId?: string | null | undefined;
}

export async function updateStaff(
  db: Kysely<Database>,
  restaurantId: string,
  id: string,
  p: StaffPatch,
): Promise<void> {
  await db
    .updateTable('staff')
    .set({
      ...(p.name !== undefined && { name: p.name }),
      ...(p.role !== undefined && { role: p.role }),
      ...(p.active !== undefined && { active: flag(p.active) }),
      ...(p.passwordHash !== undefined && { password_hash: p.passwordHash }),
      ...(p.stationId !== undefined && { station_id: p.stationId }),
      updated_at: nowIso(),
    })
    .where('restaurant_id', '=', restaurantId)
    .where('id', '=', id)
    .execute();
}

export async function countActiveAdmins(db: Kysely<Database>, restaurantId: string): Promise<number> {
  const row = await db
    .selectFrom('staff')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('restaurant_id', '=', restaurantId)
    .where('role', '=', 'ADMIN')
    .where('active', '=', 1)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
