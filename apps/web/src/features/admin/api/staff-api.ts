import type { CreateStaffRequest, StaffAccount, UpdateStaffRequest } from '@plato/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { adminKeys } from './admin-keys';

type StaffEnvelope = { staff: StaffAccount };

export const staffQuery = queryOptions({
  queryKey: adminKeys.staff,
  queryFn: ({ signal }) => api<{ staff: StaffAccount[] }>('/api/v1/admin/staff', { signal }).then((r) => r.staff),
});

export function createStaff(body: CreateStaffRequest): Promise<StaffAccount> {
  return api<StaffEnvelope>('/api/v1/admin/staff', { method: 'POST', body }).then((r) => r.staff);
}

/** Role, station, active and a new password all go through the one update. */
export function updateStaff(id: string, body: UpdateStaffRequest): Promise<StaffAccount> {
  return api<StaffEnvelope>(`/api/v1/admin/staff/${id}`, { method: 'PATCH', body }).then((r) => r.staff);
}
