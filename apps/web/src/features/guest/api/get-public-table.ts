import { api } from '../../../lib/api-client';
import type { PublicTableResponse } from '@plato/contracts';

export function getPublicTable(qrToken: string, signal?: AbortSignal): Promise<PublicTableResponse> {
  return api<PublicTableResponse>(`/api/v1/public/tables/${encodeURIComponent(qrToken)}`, { signal });
}
