import type { Guest, JoinRequest, JoinResponse, SessionMode } from '@plato/contracts';
import type { AppContext } from '../../context.ts';
import { randomToken } from '../../db/ids.ts';
import { type Tx, inTransaction } from '../../db/transaction.ts';
import { AppError, notFound } from '../../errors.ts';
import type { RequestOrigin } from '../../http/request-context.ts';
import { type AuditActor, recordAudit } from '../audit/audit.repository.ts';
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

/** How a join attempt ended: a guest at the target, or the refusal to answer once the attempt is on record. */
type Outcome = { admitted: { guest: Guest; created: boolean; target: OpenTarget } } | { refused: AppError };

/**
 * Joins the table's open session with its PIN. The checks run in a fixed
 * order — the per-address limit before anything that could tell a prober
 * whether a token exists, the session's block before the PIN is even
 * compared — and every attempt leaves an audit entry (never the PIN). The
 * whole attempt is one transaction: the address's count, the session's
 * failure count and the audit entry commit together, also when the answer
 * is a refusal.
 */
export async function joinTable(
  ctx: AppContext,
  qrToken: string,
  input: JoinRequest,
  origin: RequestOrigin,
): Promise<JoinResult> {
  const now = new Date();
  const token = randomToken(32);
  const expiresAt = new Date(now.getTime() + GUEST_TOKEN_TTL_MS);
  const actor: AuditActor = { type: 'ANONYMOUS', label: input.name ?? null, ...origin };
  const outcome = await inTransaction(ctx.db, async (tx): Promise<Outcome> => {
    const ipHits = await hitWindow(tx, `pin:ip:${origin.ip ?? 'unknown'}`, PIN_LIMITS.ipWindowMs, now);
    const found = await findJoinTarget(tx, qrToken);
    const refuse = async (error: AppError, reason: string, extra: Record<string, unknown> = {}): Promise<Outcome> => {
      if (found) {
        await recordAudit(tx, {
          restaurantId: found.restaurantId,
          actor,
          action: 'session.join_failed',
          ...(found.sessionId ? { entityType: 'table_session', entityId: found.sessionId } : {}),
          data: { reason, tableId: found.tableId, ...extra },
        });
      }
      return { refused: error };
    };

    if (ipHits.count > PIN_LIMITS.attemptsPerIp) {
      const error = new AppError('RATE_LIMITED', 'Too many PIN attempts from this address', {
        headers: { 'retry-after': String(retryAfterSeconds(ipHits.resetAt, now)) },
      });
      return refuse(error, 'rate-limited');
    }
    if (!found) return { refused: notFound('Table') };
    if (!found.sessionId || !found.pinHash || !found.mode) return refuse(noOpenSession(), 'no-open-session');
    if (found.pinBlockedUntil && found.pinBlockedUntil > now.toISOString()) {
      return refuse(blocked(found.pinBlockedUntil, now), 'blocked');
    }
    const open = found as OpenTarget;
    if (!pinMatches(ctx.config.secret, open.sessionId, input.pin, open.pinHash)) {
      const counted = await recordPinFailure(tx, open.restaurantId, open.sessionId, now);
      if (!counted) return { refused: noOpenSession() };
      if (counted.failures > PIN_LIMITS.failuresBeforeBlock && counted.blockedUntil) {
        return refuse(blocked(counted.blockedUntil, now), 'blocked');
      }
      const attemptsLeft = Math.max(0, PIN_LIMITS.failuresBeforeBlock - counted.failures);
      const error = new AppError(
        'PIN_INVALID',
        attemptsLeft > 0
          ? `Wrong PIN: ${attemptsLeft} attempt(s) left`
          : 'Wrong PIN: PIN entry is now blocked for 15 minutes',
        { extras: { attemptsLeft } },
      );
      return refuse(error, 'wrong-pin', { failures: counted.failures });
    }
    const admitted = await admit(ctx, tx, open, input.name, actor, { token, expiresAt });
    return { admitted: { ...admitted, target: open } };
  });
  if ('refused' in outcome) throw outcome.refused;
  const { guest, created, target } = outcome.admitted;
  if (created) void ctx.events.emit('table.changed', { restaurantId: target.restaurantId, tableIds: [target.tableId] });
  return { guest, session: { id: target.sessionId, mode: target.mode as SessionMode }, token, expiresAt };
}

/**
 * Makes the device a guest: the guest named `name` when the session has one
 * (reclaiming it, with its cart and orders), else a new guest, "Guest N" by
 * default. The token is returned once and stored only as its hash.
 */
async function admit(
  ctx: AppContext,
  tx: Tx,
  target: OpenTarget,
  name: string | undefined,
  actor: AuditActor,
  credential: { token: string; expiresAt: Date },
): Promise<{ guest: Guest; created: boolean }> {
  const { restaurantId, sessionId } = target;
  const found = name ? await claimNamed(ctx, tx, target, name) : await createDefault(tx, target);
  await insertGuestToken(tx, { ...credential, guestId: found.guest.id, sessionId });
  await recordAudit(tx, {
    restaurantId,
    actor: { ...actor, type: 'GUEST', id: found.guest.id, label: found.guest.name },
    action: 'session.join',
    entityType: 'table_session',
    entityId: sessionId,
    data: { tableId: target.tableId, guestId: found.guest.id, reclaimed: !found.created },
  });
  return found;
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
