import type { StaffRole, StaffView } from '@plato/contracts';
import { data, redirect } from 'react-router';
import { queryClient } from '../../../app/query-client';
import { ApiError } from '../../../lib/api-client';
import { getMe } from '../../auth/api/get-me';

/** The signed-in staff member, read once for the kitchen screens (a signed-out visitor goes to sign in). */
export async function loadKitchenStaff(): Promise<StaffView> {
  try {
    const { staff } = await queryClient.ensureQueryData({ queryKey: ['auth', 'me'], queryFn: () => getMe() });
    return staff;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw redirect('/staff/login');
    throw error;
  }
}

/** A route loader that lets only the roles `allowed` says in: others get the "No access" page (403). */
export function requireRole(allowed: (role: StaffRole) => boolean) {
  return async (): Promise<null> => {
    const staff = await loadKitchenStaff();
    if (!allowed(staff.role)) throw data('Your role does not have access to this page.', { status: 403 });
    return null;
  };
}
