import { api } from '../../../lib/api-client';
import type { AdminTable } from '@plato/contracts';

export type TableList = { tables: AdminTable[] };

export function getTables(signal?: AbortSignal): Promise<TableList> {
  return api<TableList>('/api/v1/admin/tables', { signal });
}
