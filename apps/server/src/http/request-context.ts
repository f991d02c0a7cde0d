import type { FastifyRequest } from 'fastify';

/** Who did something, as the audit log records it. */
export interface AuditActor {
  type: 'STAFF' | 'GUEST' | 'SYSTEM' | 'ANONYMOUS';
  id?: string | null;
  label?: string | null;
  ip?: string | null;
  userAgent?: string | null;
}

/** Where a request came from, for the audit log. `request.ip` already honours PLATO_TRUST_PROXY. */
export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
}

export const originOf = (request: FastifyRequest): RequestOrigin => ({
  ip: request.ip ?? null,
  userAgent: request.headers['user-agent']?.slice(0, 300) ?? null,
});

export function staffActor(request: FastifyRequest): AuditActor {
  const s = request.staff;
  if (!s) throw new Error('staffActor() on a route without staff access');
  return { type: 'STAFF', id: s.id, label: `${s.name} (${s.role})`, ...originOf(request) };
}

/** The signed-in staff member; only call on routes whose access is `staff(...)`. */
export function requireStaff(request: FastifyRequest) {
  const s = request.staff;
  if (!s) throw new Error('requireStaff() on a route without staff access');
  return s;
}

/** The joined guest; only call on routes whose access is GUEST. */
export function requireGuest(request: FastifyRequest) {
  const g = request.guest;
  if (!g) throw new Error('requireGuest() on a route without guest access');
  return g;
}

export function guestActor(request: FastifyRequest): AuditActor {
  const g = requireGuest(request);
  return { type: 'GUEST', id: g.guestId, label: g.name, ...originOf(request) };
}

/** The raw guest cookie on a GUEST_CHECKED_BY_ROUTE route, which must verify it itself. */
export function requireGuestToken(request: FastifyRequest): string {
  const token = request.guestToken;
  if (!token) throw new Error('requireGuestToken() on a route without GUEST_CHECKED_BY_ROUTE access');
  return token;
}
