import type { StaffRole } from '@plato/contracts';

export function managesTables(role: StaffRole): boolean {
  return role === 'ADMIN' || role === 'MANAGER';
}

/** The kitchen display: who may read and move tickets (the server's `kitchen` role set). */
export function usesKitchen(role: StaffRole): boolean {
  return role === 'CHEF' || role === 'MANAGER' || role === 'ADMIN';
}

/** The expo (pass) screen: the kitchen's roles and the waiters who carry the food. */
export function usesExpo(role: StaffRole): boolean {
  return usesKitchen(role) || role === 'WAITER';
}

/** Where a role lands after signing in. */
export function homePathFor(role: StaffRole): string {
  if (managesTables(role)) return '/admin/tables';
  if (role === 'CHEF') return '/kitchen';
  return '/staff';
}
