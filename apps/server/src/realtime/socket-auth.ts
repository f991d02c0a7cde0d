import type { IncomingHttpHeaders } from 'node:http';
import type { StaffRole } from '@plato/contracts';
import type { AppContext } from '../context.ts';
import { GUEST_COOKIE, STAFF_COOKIE } from '../http/cookies.ts';
import { findStaffSession } from '../modules/staff/staff-sessions.repository.ts';
import { findGuestByToken, type GuestSignIn } from '../modules/sessions/guest-tokens.repository.ts';
import { rooms } from './live.ts';

/** Who a socket belongs to, fixed at the handshake, and the rooms that follow from it. */
export type SocketIdentity =
  | {
      kind: 'staff';
      staffId: string;
      staffSessionId: string;
      restaurantId: string;
      role: StaffRole;
      stationId: string | null;
      expiresAt: string;
    }
  | { kind: 'guest'; guest: GuestSignIn; token: string };

/** When the credential a socket was opened with stops working. */
export const identityExpiresAt = (who: SocketIdentity): string =>
  who.kind === 'staff' ? who.expiresAt : who.guest.expiresAt;

export interface SocketData {
  identity: SocketIdentity;
  rooms: string[];
}

export type RefusalCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'INTERNAL';

/** The error a refused handshake answers with: the client's `connect_error` sees `message` and `data.code`. */
export function refusal(code: RefusalCode): Error & { data: { code: RefusalCode } } {
  return Object.assign(new Error(code), { data: { code } });
}

/**
 * Browsers send SameSite=Lax cookies on a cross-site WebSocket handshake, so
 * without this check any page could open a socket as the visitor
 * (cross-site WebSocket hijacking). Clients that send no Origin are not
 * browsers and cannot borrow a visitor's cookies.
 */
export function isSameOriginHandshake(headers: IncomingHttpHeaders, publicUrl: string): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false; // "null" (sandboxed frames, file://) and garbage
  }
  const requestHost = headers.host?.toLowerCase();
  // A proxy that rewrites Host still leaves the public address as the one browsers use.
  return originHost === requestHost || originHost === new URL(publicUrl).host;
}

/** Staff wins when its cookie is valid; otherwise the guest cookie; neither → undefined. */
export async function identify(
  ctx: AppContext,
  cookies: Record<string, string | undefined>,
): Promise<SocketIdentity | undefined> {
  const staffToken = cookies[STAFF_COOKIE];
  const staff = staffToken ? await findStaffSession(ctx.db, staffToken) : undefined;
  if (staff) {
    return {
      kind: 'staff',
      staffId: staff.staffId,
      staffSessionId: staff.sessionId,
      restaurantId: staff.restaurantId,
      role: staff.role,
      stationId: staff.stationId,
      expiresAt: staff.expiresAt,
    };
  }
  const guestToken = cookies[GUEST_COOKIE];
  const guest = guestToken ? await findGuestByToken(ctx.db, guestToken) : undefined;
  return guest && guestToken ? { kind: 'guest', guest, token: guestToken } : undefined;
}

/** The rooms LivePublisher addresses this socket by. */
export function roomsFor(who: SocketIdentity): string[] {
  if (who.kind === 'guest') {
    return [rooms.session(who.guest.sessionId), rooms.guest(who.guest.guestId), rooms.guests(who.guest.restaurantId)];
  }
  const list = [
    rooms.staff(who.restaurantId),
    rooms.role(who.restaurantId, who.role),
    rooms.staffMember(who.staffId),
    rooms.staffSignIn(who.staffSessionId),
  ];
  // A chef tied to a station hears its tickets only; a chef tied to none, managers and admins hear every
  // station's, stations created after they connected included (one room for all, not a room per station).
  const screens = rooms.kitchenScreens(who.restaurantId);
  if (who.role === 'CHEF' && who.stationId) return [...list, rooms.station(who.restaurantId, who.stationId), screens];
  if (who.role === 'CHEF' || who.role === 'MANAGER' || who.role === 'ADMIN') {
    return [...list, rooms.kitchen(who.restaurantId), screens];
  }
  return list;
}
