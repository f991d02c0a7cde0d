import type { StaffRole } from '@plato/contracts';
import type { GuestIdentity } from '../modules/sessions/guest-tokens.repository.ts';

/**
 * Who may call a route. Every /api route declares one in its `config.access`
 * (the app refuses to start otherwise), and one hook enforces it before the
 * body is even validated, so authorisation always comes before state.
 */
export type Access = { kind: 'public' } | { kind: 'staff'; roles: readonly StaffRole[] } | { kind: 'guest' };

export const PUBLIC: Access = { kind: 'public' };
export const GUEST: Access = { kind: 'guest' };
export const staff = (...roles: StaffRole[]): Access => ({ kind: 'staff', roles });

/** The role sets API.md names, in one place. */
export const ROLES = {
  anyStaff: staff('ADMIN', 'MANAGER', 'WAITER', 'CHEF', 'CASHIER'),
  admin: staff('ADMIN'),
  adminOrManager: staff('ADMIN', 'MANAGER'),
  waiterPlus: staff('WAITER', 'MANAGER', 'ADMIN'),
  floor: staff('WAITER', 'CASHIER', 'MANAGER', 'ADMIN'),
  kitchen: staff('CHEF', 'MANAGER', 'ADMIN'),
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

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    staff: AuthenticatedStaff | null;
    guest: GuestIdentity | null;
  }
}
