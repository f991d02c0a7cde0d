import type { LoginRequest, StaffView } from '@plato/contracts';
import { randomToken } from '../../db/ids.ts';
import { inTransaction } from '../../db/transaction.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../errors.ts';
import type { RequestOrigin } from '../../http/request-context.ts';
import { recordAudit } from '../audit/audit.repository.ts';
import { findRestaurantBySlug } from '../restaurants/restaurants.repository.ts';
import { clearWindow, hitWindow, retryAfterSeconds } from '../rate-limits/rate-limits.repository.ts';
import { findCredentials } from '../staff/staff.repository.ts';
import { verifyPassword } from '../staff/passwords.ts';
import { createStaffSession } from '../staff/staff-sessions.repository.ts';

export const STAFF_SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const LOGIN_LIMITS = {
  windowMs: 15 * 60 * 1000,
  /** Wrong passwords for one account before it is locked for the window. */
  failuresPerAccount: 10,
  /** Attempts from one address, right or wrong. */
  attemptsPerIp: 30,
} as const;

const rateLimited = (resetAt: Date, detail: string) =>
  new AppError('RATE_LIMITED', detail, { headers: { 'retry-after': String(retryAfterSeconds(resetAt)) } });

export interface LoginResult {
  staff: StaffView;
  token: string;
  expiresAt: Date;
}

export async function login(ctx: AppContext, input: LoginRequest, origin: RequestOrigin): Promise<LoginResult> {
  const { db } = ctx;
  const ipHits = await hitWindow(db, `login:ip:${origin.ip ?? 'unknown'}`, LOGIN_LIMITS.windowMs);
  if (ipHits.count > LOGIN_LIMITS.attemptsPerIp)
    throw rateLimited(ipHits.resetAt, 'Too many sign-in attempts from this address');

  const restaurant = await findRestaurantBySlug(db, input.restaurant);
  const accountKey = `login:account:${restaurant?.id ?? '-'}:${input.email}`;
  // The attempt takes its slot before the password is checked (one atomic upsert), so concurrent guesses
  // from any number of addresses get at most `failuresPerAccount` passwords compared per window; a right
  // password frees the slots again below, a wrong one leaves its slot as the recorded failure.
  const reserved = await hitWindow(db, accountKey, LOGIN_LIMITS.windowMs);
  if (reserved.count > LOGIN_LIMITS.failuresPerAccount)
    throw rateLimited(reserved.resetAt, 'Too many failed sign-ins for this account');

  const creds = restaurant ? await findCredentials(db, restaurant.id, input.email) : undefined;
  const passwordOk = await verifyPassword(creds?.passwordHash ?? null, input.password);
  const actor = { ...origin, label: input.email };

  if (!restaurant || !creds || !passwordOk || !creds.account.active) {
    if (restaurant) {
      await recordAudit(db, {
        restaurantId: restaurant.id,
        actor: { ...actor, type: 'ANONYMOUS', id: creds?.account.id ?? null },
        action: 'staff.login.failed',
        entityType: 'staff',
        ...(creds && { entityId: creds.account.id }),
        data: { email: input.email, reason: !creds ? 'unknown-email' : !passwordOk ? 'wrong-password' : 'inactive' },
      });
    }
    throw new AppError('UNAUTHENTICATED', 'Wrong restaurant, email or password');
  }

  const token = randomToken();
  const expiresAt = new Date(Date.now() + STAFF_SESSION_TTL_MS);
  const account = creds.account;
  await inTransaction(db, async (tx) => {
    await createStaffSession(tx, { token, staffId: account.id, restaurantId: restaurant.id, expiresAt, ...origin });
    await recordAudit(tx, {
      restaurantId: restaurant.id,
      actor: { ...actor, type: 'STAFF', id: account.id, label: `${account.name} (${account.role})` },
      action: 'staff.login',
      entityType: 'staff',
      entityId: account.id,
    });
  });
  await clearWindow(db, accountKey);
  return {
    staff: { id: account.id, name: account.name, role: account.role, restaurantId: restaurant.id },
    token,
    expiresAt,
  };
}
