import type { CreateStaffRequest, StaffAccount, UpdateStaffRequest } from '@plato/contracts';
import type { AppContext } from '../../context.ts';
import { isUniqueViolation } from '../../db/errors.ts';
import { newId } from '../../db/ids.ts';
import { type Tx, inTransaction } from '../../db/transaction.ts';
import { AppError, notFound } from '../../errors.ts';
import type { AuditActor } from '../audit/audit.repository.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { hashPassword } from './passwords.ts';
import { deleteStaffSessionsOf } from './staff-sessions.repository.ts';
import { countActiveAdmins, findStaff, insertStaff, updateStaff } from './staff.repository.ts';

async function assertStation(tx: Tx, restaurantId: string, stationId: string | null | undefined): Promise<void> {
  if (!stationId) return;
  const found = await tx
    .selectFrom('stations')
    .select('id')
    .where('restaurant_id', '=', restaurantId)
    .where('id', '=', stationId)
    .executeTakeFirst();
  if (!found) throw notFound('Station');
}

export async function createStaffAccount(
  ctx: AppContext,
  restaurantId: string,
  input: CreateStaffRequest,
  actor: AuditActor,
): Promise<StaffAccount> {
  const id = newId();
  const passwordHash = await hashPassword(input.password);
  try {
    return await inTransaction(ctx.db, async (tx) => {
      await assertStation(tx, restaurantId, input.stationId);
      await insertStaff(tx, {
        id,
        restaurantId,
        name: input.name,
        email: input.email,
        role: input.role,
        passwordHash,
        stationId: input.stationId ?? null,
      });
      await recordAudit(tx, {
        restaurantId,
        actor,
        action: 'staff.created',
        entityType: 'staff',
        entityId: id,
        data: { email: input.email, role: input.role },
      });
      return (await findStaff(tx, restaurantId, id))!;
    });
  } catch (err) {
    if (isUniqueViolation(err))
      throw new AppError('CONFLICT', `A staff account with email ${input.email} already exists`);
    throw err;
  }
}

/**
 * Role changes and deactivation are audited; deactivating or changing the
 * password signs the account out everywhere. The last active admin cannot
 * lock the restaurant out of its own back office.
 */
export async function updateStaffAccount(
  ctx: AppContext,
  restaurantId: string,
  id: string,
  input: UpdateStaffRequest,
  actor: AuditActor,
): Promise<StaffAccount> {
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return inTransaction(ctx.db, async (tx, afterCommit) => {
    const before = await findStaff(tx, restaurantId, id);
    if (!before) throw notFound('Staff account');
    await assertStation(tx, restaurantId, input.stationId);
    const reachChanged =
      input.active === false ||
      passwordHash !== undefined ||
      (input.role !== undefined && input.role !== before.role) ||
      (input.stationId !== undefined && input.stationId !== before.stationId);
    // Their open sockets listen in the rooms of the account as it was: cut them (a still valid sign-in reconnects).
    if (reachChanged) afterCommit(() => ctx.live.staffAccessChanged({ staffId: id }));
    const losesAdmin =
      before.role === 'ADMIN' && before.active && ((input.role && input.role !== 'ADMIN') || input.active === false);
    if (losesAdmin && (await countActiveAdmins(tx, restaurantId)) <= 1) {
      throw new AppError('CONFLICT', 'This is the last active admin; make someone else admin first');
    }
    await updateStaff(tx, restaurantId, id, {
      name: input.name,
      role: input.role,
      active: input.active,
      passwordHash,
      stationId: input.stationId,
    });
    if (input.role && input.role !== before.role) {
      await recordAudit(tx, {
        restaurantId,
        actor,
        action: 'staff.role_changed',
        entityType: 'staff',
        entityId: id,
        data: { from: before.role, to: input.role },
      });
    }
    if (input.active !== undefined && input.active !== before.active) {
      await recordAudit(tx, {
        restaurantId,
        actor,
        action: input.active ? 'staff.reactivated' : 'staff.deactivated',
        entityType: 'staff',
        entityId: id,
      });
    }
    if (passwordHash) {
      await recordAudit(tx, {
        restaurantId,
        actor,
        action: 'staff.password_changed',
        entityType: 'staff',
        entityId: id,
      });
    }
    if (input.active === false || passwordHash) await deleteStaffSessionsOf(tx, id);
    return (await findStaff(tx, restaurantId, id))!;
  });
}
