import type { Guest, JoinRequest, JoinResponse, SessionMode } from '@plato/contracts';
import type { AppContext } from '../../context.ts';
import { randomToken } from '../../db/ids.ts';
import { type Executor, type Tx, inTransaction } from '../../db/transaction.ts';
import { AppError, notFound } from '../../errors.ts';
import type { RequestOrigin } from '../../http/request-context.ts';
import { type AuditActor, recordAudit } from '../audit/audit.repository.ts';
import { publishTablesSoon } from '../floor/floor.service.ts';
import { hitWindow, retryAfterSeconds } from '../rate-limits/rate-limits.repository.ts';
import { findGuestByName, insertGuestIfNameFree, nextGuestNumber } from './guests.repository.ts';
import { insertGuestToken } from './guest-tokens.repository.ts';
import { GUEST_TOKEN_TTL_MS, PIN_LIMITS, pinMatches } from './pin.ts';
import { type JoinTarget, findJoinTarget, findSession, recordPinFailure } from './sessions.repository.ts';

export interface JoinResult extends JoinResponse {
  token: string;
  expiresAt: Date;
}

type OpenTarget = JoinTarget & { sessionId: string; pinHash: string; mode: string };

const blocked = (until: string, now: Date) =>
  new AppError('PIN_BLOCKED', 'Too many wrong PINs at this table: ask your waiter for a new PIN, or wait', {
    headers: { 'retry-after': String(retryAfterSeconds(new Date(until), now)) },
  });

const noOpenSession = () => new AppError('NO_OPEN_SESSION', 'Nobody has opened this table yet: ask your waiter');

/** Default names never clash with a chosen one, however unlucky: a few numbers are skipped at most. */
const MAX_DEFAULT_NAME_TRIES = 20;

/**
 * Joins the table's open session with its PIN. The checks run in a fixed
 * order — the per-address limit before anything that could tell a prober
 * whether a token exists, the session's block before the PIN is even
 * compared — and every attempt leaves an audit entry (never the PIN).
 */
export async function joinTable(
  ctx: AppContext,
  qrToken: string,
  input: JoinRequest,
  origin: RequestOrigin,
): Promise<JoinResult> {
  const { db } = ctx;
  const now = new Date();
  const ipHits = await hitWindow(db, `pin:ip:${origin.ip ?? 'unknown'}`, PIN_LIMITS.ipWindowMs, now);
  const target = await findJoinTarget(db, qrToken);
  const actor: AuditActor = { type: 'ANONYMOUS', label: input.name ?? null, ...origin };
  const audit = (executor: Executor, reason: string, extra: Record<string, unknown> = {}) =>
    target
      ? recordAudit(executor, {
          restaurantId: target.restaurantId,
          actor,
          action: 'session.join_failed',
          ...(target.sessionId ? { entityType: 'table_session', entityId: target.sessionId } : {}),
          data: { reason, tableId: target.tableId, ...extra },
        })
      : Promise.resolve();

  if (ipHits.count > PIN_LIMITS.attemptsPerIp) {
    await audit(db, 'rate-limited');
    throw new AppError('RATE_LIMITED', 'Too many PIN attempts from this address', {
      headers: { 'retry-after': String(retryAfterSeconds(ipHits.resetAt, now)) },
    });
  }
  if (!target) throw notFound('Table');
  if (!target.sessionId || !target.pinHash || !target.mode) {
    await audit(db, 'no-open-session');
    throw noOpenSession();
  }
  if (target.pinBlockedUntil && target.pinBlockedUntil > now.toISOString()) {
    await audit(db, 'blocked');
    throw blocked(target.pinBlockedUntil, now);
  }
  const open = target as OpenTarget;
  if (!pinMatches(ctx.config.secret, open.sessionId, input.pin, open.pinHash)) {
    await wrongPin(ctx, open, now, audit);
  }
  return admit(ctx, open, input.name, actor);
}

/** Counts the failure and answers how many tries are left — or, past the limit (concurrent guesses), the block. */
async function wrongPin(
  ctx: AppContext,
  target: OpenTarget,
  now: Date,
  audit: (executor: Executor, reason: string, extra?: Record<string, unknown>) => Promise<void>,
): Promise<never> {
  const counted = await inTransaction(ctx.db, async (tx) => {
    const counted = await recordPinFailure(tx, target.restaurantId, target.sessionId, now);
    if (counted) {
      const over = counted.failures > PIN_LIMITS.failuresBeforeBlock;
      await audit(tx, over ? 'blocked' : 'wrong-pin', over ? {} : { failures: counted.failures });
    }
    return counted;
  });
  if (!counted) throw noOpenSession();
  if (counted.failures > PIN_LIMITS.failuresBeforeBlock && counted.blockedUntil)
    throw blocked(counted.blockedUntil, now);
  const attemptsLeft = Math.max(0, PIN_LIMITS.failuresBeforeBlock - counted.failures);
  throw new AppError(
    'PIN_INVALID',
    attemptsLeft > 0
      ? `Wrong PIN: ${attemptsLeft} attempt(s) left`
      : 'Wrong PIN: PIN entry is now blocked for 15 minutes',
    { extras: { attemptsLeft } },
  );
}

/**
 * Makes the device a guest: the guest named `name` when the session has one
 * (reclaiming it, with its cart and orders), else a new guest, "Guest N" by
 * default. The token is returned once and stored only as its hash.
 */
async function admit(
  ctx: AppContext,
  target: OpenTarget,
  name: string | undefined,
  actor: AuditActor,
): Promise<JoinResult> {
  const { restaurantId, sessionId } = target;
  const token = randomToken(32);
  const expiresAt = new Date(Date.now() + GUEST_TOKEN_TTL_MS);
  const { guest, created } = await inTransaction(ctx.db, async (tx) => {
    const found = name ? await claimNamed(ctx, tx, target, name) : await createDefault(tx, target);
    await insertGuestToken(tx, { token, guestId: found.guest.id, sessionId, expiresAt });
    await recordAudit(tx, {
      restaurantId,
      actor: { ...actor, type: 'GUEST', id: found.guest.id, label: found.guest.name },
      action: 'session.join',
      entityType: 'table_session',
      entityId: sessionId,
      data: { tableId: target.tableId, guestId: found.guest.id, reclaimed: !found.created },
    });
    return found;
  });
  if (created) publishTablesSoon(ctx, restaurantId, [target.tableId]);
  return { guest, session: { id: sessionId, mode: target.mode as SessionMode }, token, expiresAt };
}

async function claimNamed(
  ctx: AppContext,
  tx: Tx,
  target: OpenTarget,
  name: string,
): Promise<{ guest: Guest; created: boolean }> {
  const { restaurantId, sessionId } = target;
  // Re-check inside the transaction (and lock on PostgreSQL): the session may have closed since the lookup.
  const session = await findSession(tx, restaurantId, sessionId, ctx.dialect === 'postgres');
  if (session?.status !== 'OPEN') throw noOpenSession();
  const existing = await findGuestByName(tx, restaurantId, sessionId, name);
  if (existing) return { guest: existing, created: false };
  const inserted = await insertGuestIfNameFree(tx, { restaurantId, sessionId, name });
  if (inserted) return { guest: inserted, created: true };
  // Someone took the exact name between the lookup and the insert: that is the same person's identity.
  const raced = await findGuestByName(tx, restaurantId, sessionId, name);
  if (!raced) throw new Error('guest name clashed but cannot be found');
  return { guest: raced, created: false };
}

async function createDefault(tx: Tx, target: OpenTarget): Promise<{ guest: Guest; created: boolean }> {
  const { restaurantId, sessionId } = target;
  for (let i = 0; i < MAX_DEFAULT_NAME_TRIES; i++) {
    const n = await nextGuestNumber(tx, restaurantId, sessionId);
    if (n === undefined) throw noOpenSession();
    const guest = await insertGuestIfNameFree(tx, { restaurantId, sessionId, name: `Guest ${n}` });
    if (guest) return { guest, created: true };
  }
  throw new Error('no free default guest name');
}
