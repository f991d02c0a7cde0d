import type { SessionMode, StaffRole } from '@plato/contracts';

/**
 * Who may call a route. Every /api route declares one in its `config.access`
 * (the app refuses to start otherwise), and one hook enforces it before the
 * body is even validated, so authorisation always comes before state.
 */
export type Access =
  { kind: 'public' } | { kind: 'staff'; roles: readonly StaffRole[] } | { kind: 'guest'; checkedByRoute?: true };

export const PUBLIC: Access = { kind: 'public' };
export const GUEST: Access = { kind: 'guest' };
/**
 * A guest route that checks the guest token in its own first statement (the
 * hottest route, placing an order, saves a round trip this way). The guard
 * still answers 401 when there is no guest cookie at all; the route must
 * answer 401 itself when the token is unknown, expired or its session closed
 * — `requireGuestToken` hands it the raw token.
 */
export const GUEST_CHECKED_BY_ROUTE: Access = { kind: 'guest', checkedByRoute: true };
export const staff = (...roles: StaffRole[]): Access => ({ kind: 'staff', roles });

/** The role sets API.md names, in one place. */
export const ROLES = {
  anyStaff: staff('ADMIN', 'MANAGER', 'WAITER', 'CHEF', 'CASHIER'),
  admin: staff('ADMIN'),
  adminOrManager: staff('ADMIN', 'MANAGER'),
  waiterPlus: staff('WAITER', 'MANAGER', 'ADMIN'),
  floor: staff('WAITER', 'CASHIER', 'MANAGER', 'ADMIN'),
  kitchen: staff('CHEF', 'MANAGER', 'ADMIN'),
  /** Who moves order lines; which statuses each may ask for is LINE_MOVES_BY_ROLE's to say. */
  lineMovers: staff('CHEF', 'WAITER', 'MANAGER', 'ADMIN'),
  expo: staff('CHEF', 'WAITER', 'MANAGER', 'ADMIN'),
  cashierPlus: staff('CASHIER', 'MANAGER', 'ADMIN'),
  billReaders: staff('WAITER', 'CASHIER', 'MANAGER', 'ADMIN'),
} as const;

export interface AuthenticatedStaff {
  id: string;
  name: string;
  role: StaffRole;
  restaurantId: string;
  stationId: string | null;
  sessionId: string;
}

/** A guest who joined a table's session, as their token names them. */
export interface GuestIdentity {
  guestId: string;
  name: string;
  sessionId: string;
  restaurantId: string;
  tableId: string;
  mode: SessionMode;
  /** The restaurant's menu version as the request began, read with the token (for free): the guest menu's cache key. */
  menuVersion: number;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    staff: AuthenticatedStaff | null;
    guest: GuestIdentity | null;
    /** The guest cookie, on routes whose access is GUEST_CHECKED_BY_ROUTE. */
    guestToken: string | null;
  }
}
