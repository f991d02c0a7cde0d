import type { StaffRole } from '@plato/contracts';

export function managesTables(role: StaffRole): boolean {
  return role === 'ADMIN' || role === 'MANAGER';
}

/** Where a role lands after signing in. */
export function homePathFor(role: StaffRole): string {
  return managesTables(role) ? '/admin/tables' : '/staff';
}
