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

/** The waiter's floor: who opens tables, answers calls, approves, orders for and serves tables (the server's `waiterPlus`). */
export function servesFloor(role: StaffRole): boolean {
  return role === 'WAITER' || role === 'MANAGER' || role === 'ADMIN';
}

/** Who settles bills at the till (the server's `cashierPlus`). */
export function runsTill(role: StaffRole): boolean {
  return role === 'CASHIER' || role === 'MANAGER' || role === 'ADMIN';
}

/** Who may discount a bill and refund a payment (the server's `adminOrManager`). */
export function approvesMoney(role: StaffRole): boolean {
  return role === 'MANAGER' || role === 'ADMIN';
}

/** Where a role lands after signing in. */
export function homePathFor(role: StaffRole): string {
  if (managesTables(role)) return '/admin/tables';
  if (role === 'CHEF') return '/kitchen';
  if (role === 'CASHIER') return '/cashier';
  if (role === 'WAITER') return '/waiter';
  return '/staff';
}
