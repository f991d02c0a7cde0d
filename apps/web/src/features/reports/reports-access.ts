import type { StaffRole } from '@plato/contracts';

/** Who may read the reports (the server's `adminOrManager` on `/reports/*`). */
export function readsReports(role: StaffRole): boolean {
  return role === 'MANAGER' || role === 'ADMIN';
}
