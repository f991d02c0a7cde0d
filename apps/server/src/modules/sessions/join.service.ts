import type { Guest, JoinRequest, JoinResponse, SessionMode } from '@plato/contracts';
import type { AppContext } from '../../context.ts';
import { randomToken, sha256 } from '../../db/ids.ts';
import { type Tx, inTransaction } from '../../db/transaction.ts';
import { AppError, notFound } from '../../errors.ts';
import type { PinFailure } from '../../metrics.ts';
import type { RequestOrigin } from '../../http/request-context.ts';
import { type AuditActor, recordAudit } from '../audit/audit.repository.ts';
import { hitWindow, retryAfterSeconds } from '../rate-limits/rate-limits.repository.ts';
import { guestNameKey } from './guest-name-key.ts';
import { idleSince, noteGuestSeen } from './guest-presence.ts';
import {
  claimIdleGuest,
  findGuestByDevice,
  findGuestByNameKey,
  insertGuestIfFree,
  nextGuestNumber,
} from './guests.repository.ts';
import { deleteGuestTokensOfGuest, insertGuestToken } from './guest-tokens.repository.ts';
import { GUEST_TOKEN_TTL_MS, PIN_LIMITS, pinMatches } from './pin.ts';
import {
  type JoinTarget,
  findJoinTarget,
  findSession,
  releasePinAttempt,
  reservePinAttempt,
} from './sessions.repository.ts';

export interface JoinResult extends JoinResponse {
  token: string;
  expiresAt: Date;
  /** The device key to keep in the device cookie: the one the request brought, or a new one. */
  deviceKey: string;
}

/** A device key as this server makes them (256 random bits, base64url); anything else is replaced. */
const DEVICE_KEY = /^[A-Za-z0-9_-]{43}$/;

type OpenTarget = JoinTarget & { sessionId: string; pinHash: string; mode: string };

const blocked = (until: string, now: Date) =>
  new AppError('PIN_BLOCKED', 'Too many wrong PINs at this table: ask your waiter for a new PIN, or wait', {
    headers: { 'retry-after': String(retryAfterSeconds(new Date(until), now)) },
  });

const noOpenSession = () => new AppError('NO_OPEN_SESSION', 'Nobody has opened this table yet: ask your waiter');

const nameInUse = () =>
  new AppError(
    'NAME_IN_USE',
    'That name belongs to another phone at this table: choose another name, or rejoin from that phone',
  );

/** Default names never clash with a chosen one, however unlucky: a few numbers are skipped at most. */
const MAX_DEFAULT_NAME_TRIES = 20;

/** The refusals that count as PIN failures in the metrics (a table nobody opened is not an attack). */
const PIN_FAILURES: Partial<Record<string, PinFailure>> = {
  PIN_INVALID: 'wrong-pin',
  PIN_BLOCKED: 'blocked',
  RATE_LIMITED: 'rate-limited',
};

/** How the device became the guest: a new identity, its own again, or one claimed by name from another device. */
type Admission = { guest: Guest; how: 'created' | 'reclaimed' | 'claimed' };

/** How a join attempt ended: a guest at the target, or the refusal to answer once the attempt is on record. */
type Outcome = { admitted: Admission & { target: OpenTarget } } | { refused: AppError };

/**
 * Joins the table's open session with its PIN. The checks run in a fixed
 * order — the per-address limit before anything that could tell a prober
 * whether a token exists, the session's block before the PIN is even
 * compared — and every attempt leaves an audit entry (never the PIN). The
 * whole attempt is one transaction: the address's count, the session's
 * failure count and the audit entry commit together, also when the answer
 * is a refusal. The PIN is compared only after the attempt took one of the
 * session's five slots (`reservePinAttempt`), so concurrent guesses cannot
 * outrun the block; a right PIN gives its slot back.
 *
 * `deviceKey` is the device cookie the request brought, if any: it decides
 * which identity the device may have (see `admit`).
 */
export async function joinTable(
  ctx: AppContext,
  qrToken: string,
  input: JoinRequest,
  origin: RequestOrigin,
  deviceKey?: string,
): Promise<JoinResult> {
  const now = new Date();
  const deviceIsNew = !(deviceKey && DEVICE_KEY.test(deviceKey));
  const device = deviceIsNew ? randomToken(32) : deviceKey;
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
    const slot = await reservePinAttempt(tx, open.restaurantId, open.sessionId, now);
    if (!slot) {
      // Blocked or closed since the lookup: read which, under the same rules.
      const session = await findSession(tx, open.restaurantId, open.sessionId);
      if (session?.status !== 'OPEN') return { refused: noOpenSession() };
      const until = session.pin_blocked_until ?? new Date(now.getTime() + PIN_LIMITS.blockMs).toISOString();
      return refuse(blocked(until, now), 'blocked');
    }
    if (!pinMatches(ctx.config.secret, open.sessionId, input.pin, slot.pinHash)) {
      const attemptsLeft = Math.max(0, PIN_LIMITS.failuresBeforeBlock - slot.failures);
      const error = new AppError(
        'PIN_INVALID',
        attemptsLeft > 0
          ? `Wrong PIN: ${attemptsLeft} attempt(s) left`
          : 'Wrong PIN: PIN entry is now blocked for 15 minutes',
        { extras: { attemptsLeft } },
      );
      return refuse(error, 'wrong-pin', { failures: slot.failures });
    }
    await releasePinAttempt(tx, open.restaurantId, open.sessionId);
    const admitted = await admit(ctx, tx, open, input.name, actor, {
      token,
      expiresAt,
      deviceHash: sha256(device),
      deviceIsNew,
      now,
    });
    if (admitted === 'name-in-use') return refuse(nameInUse(), 'name-in-use');
    return { admitted: { ...admitted, target: open } };
  });
  if ('refused' in outcome) {
    const failure = PIN_FAILURES[outcome.refused.code];
    if (failure) ctx.metrics.pinFailed(failure);
    throw outcome.refused;
  }
  const { guest, how, target } = outcome.admitted;
  if (how === 'created')
    void ctx.events.emit('table.changed', { restaurantId: target.restaurantId, tableIds: [target.tableId] });
  if (how === 'claimed') ctx.live.guestRejoined(target.sessionId, guest);
  return {
    guest,
    session: { id: target.sessionId, mode: target.mode as SessionMode },
    token,
    expiresAt,
    deviceKey: device,
  };
}

interface Credential {
  token: string;
  expiresAt: Date;
  /** SHA-256 of the device key: only the hash is stored. */
  deviceHash: string;
  /** The key was made for this join: no guest can own it yet, so there is nothing to look up. */
  deviceIsNew: boolean;
  now: Date;
}

/**
 * Makes the device a guest (PRODUCT.md: an identity belongs to the device
 * that made it):
 * - the device's own guest of this session, whatever name it typed, if it
 *   has one (a phone that lost its guest cookie but kept its device key);
 * - else the guest of that name (any case, any Unicode form), but only if no
 *   device has used it for ten minutes: the identity moves to this device,
 *   the devices that held it are signed out, the claim is audited and the
 *   table told — otherwise 'name-in-use', and nothing changes;
 * - else a new guest, "Guest N" by default.
 * The token is returned once and stored only as its hash.
 */
async function admit(
  ctx: AppContext,
  tx: Tx,
  target: OpenTarget,
  name: string | undefined,
  actor: AuditActor,
  credential: Credential,
): Promise<Admission | 'name-in-use'> {
  const { restaurantId, sessionId } = target;
  const own = credential.deviceIsNew
    ? undefined
    : await findGuestByDevice(tx, restaurantId, sessionId, credential.deviceHash);
  const found: Admission | 'name-in-use' = own
    ? { guest: own, how: 'reclaimed' }
    : name
      ? await claimNamed(ctx, tx, target, name, actor, credential)
      : await createDefault(tx, target, credential.deviceHash);
  if (found === 'name-in-use') return found;
  if (own) await noteGuestSeen(tx, { guestId: own.id, lastSeenAt: null }, credential.now);
  await insertGuestToken(tx, {
    token: credential.token,
    expiresAt: credential.expiresAt,
    guestId: found.guest.id,
    sessionId,
  });
  await recordAudit(tx, {
    restaurantId,
    actor: { ...actor, type: 'GUEST', id: found.guest.id, label: found.guest.name },
    action: 'session.join',
    entityType: 'table_session',
    entityId: sessionId,
    data: { tableId: target.tableId, guestId: found.guest.id, reclaimed: found.how !== 'created' },
  });
  return found;
}

async function claimNamed(
  ctx: AppContext,
  tx: Tx,
  target: OpenTarget,
  name: string,
  actor: AuditActor,
  credential: Credential,
): Promise<Admission | 'name-in-use'> {
  const { restaurantId, sessionId } = target;
  // Re-check inside the transaction (and lock on PostgreSQL): the session may have closed since the lookup.
  const session = await findSession(tx, restaurantId, sessionId, ctx.dialect === 'postgres');
  if (session?.status !== 'OPEN') throw noOpenSession();
  const key = guestNameKey(name);
  const existing = await findGuestByNameKey(tx, restaurantId, sessionId, key);
  if (!existing) {
    const inserted = await insertGuestIfFree(tx, { restaurantId, sessionId, name, deviceHash: credential.deviceHash });
    if (inserted) return { guest: inserted, how: 'created' };
    // A clash: this very device joined meanwhile (a double tap), or another device took the name just now.
    const own = await findGuestByDevice(tx, restaurantId, sessionId, credential.deviceHash);
    return own ? { guest: own, how: 'reclaimed' } : 'name-in-use';
  }
  const now = credential.now.toISOString();
  const claimed = await claimIdleGuest(tx, {
    restaurantId,
    guestId: existing.id,
    deviceHash: credential.deviceHash,
    now,
    idleSince: idleSince(credential.now),
  });
  if (!claimed) return 'name-in-use';
  await deleteGuestTokensOfGuest(tx, sessionId, existing.id);
  await recordAudit(tx, {
    restaurantId,
    actor: { ...actor, type: 'GUEST', id: claimed.id, label: claimed.name },
    action: 'session.guest_claimed',
    entityType: 'table_session',
    entityId: sessionId,
    data: { tableId: target.tableId, guestId: claimed.id, lastSeenAt: existing.lastSeenAt },
  });
  return { guest: claimed, how: 'claimed' };
}

async function createDefault(tx: Tx, target: OpenTarget, deviceHash: string): Promise<Admission> {
  const { restaurantId, sessionId } = target;
  for (let i = 0; i < MAX_DEFAULT_NAME_TRIES; i++) {
    const n = await nextGuestNumber(tx, restaurantId, sessionId);
    if (n === undefined) throw noOpenSession();
    const guest = await insertGuestIfFree(tx, { restaurantId, sessionId, name: `Guest ${n}`, deviceHash });
    if (guest) return { guest, how: 'created' };
    // The device joined meanwhile (its own guest is the clash), or a guest chose this name: try the next number.
    const own = await findGuestByDevice(tx, restaurantId, sessionId, deviceHash);
    if (own) return { guest: own, how: 'reclaimed' };
  }
  throw new Error('no free default guest name');
}
