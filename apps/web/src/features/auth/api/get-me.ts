import { api } from '../../../lib/api-client';
import type { StaffResponse } from '@plato/contracts';

export function getMe(signal?: AbortSignal): Promise<StaffResponse> {
  return api<StaffResponse>('/api/v1/auth/me', { signal });
}
