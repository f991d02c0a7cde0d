import { api } from '../../../lib/api-client';
import type { LoginRequest, StaffResponse } from '@plato/contracts';

/** Signs a staff member in; the server answers with an HttpOnly `plato_staff` cookie. */
export function login(body: LoginRequest): Promise<StaffResponse> {
  return api<StaffResponse>('/api/v1/auth/login', { method: 'POST', body });
}
