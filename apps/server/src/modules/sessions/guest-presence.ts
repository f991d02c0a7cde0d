import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { markGuestSeen } from './guests.repository.ts';

/**
 * Whether a guest identity has a live device, for the rule that an identity
 * may be claimed by name only after ten minutes without one (PRODUCT.md).
 * "Seen" lives in the database (`guests.last_seen_at`), so it holds across
 * instances: the guest's HTTP requests and its open sockets bump it, at
 * most once per `resolutionMs` each.
 */
export const GUEST_PRESENCE = {
  /** An identity not seen for this long may be claimed by name from another device. */
  idleMs: 10 * 60 * 1000,
  /** How stale `last_seen_at` may get before a request writes it again; a socket re-marks at this period. */
  resolutionMs: 60 * 1000,
} as const;

/**
 * Records that the guest's device is here. `lastSeenAt` is what the caller
 * already read (the token lookup returns it): when it is fresh, nothing is
 * written, so a guest request pays no extra round trip but once a minute.
 */
export async function noteGuestSeen(
  db: Kysely<Database>,
  guest: { guestId: string; lastSeenAt: string | null },
  now = new Date(),
): Promise<void> {
  const staleBefore = new Date(now.getTime() - GUEST_PRESENCE.resolutionMs);
  if (guest.lastSeenAt !== null && guest.lastSeenAt >= staleBefore.toISOString()) return;
  await markGuestSeen(db, guest.guestId, now, staleBefore);
}

/** The moment before which an identity's last sighting leaves it claimable. */
export const idleSince = (now: Date): string => new Date(now.getTime() - GUEST_PRESENCE.idleMs).toISOString();
