import type { AdminTable, CreateTableRequest, UpdateTableRequest } from '@plato/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { adminKeys } from './admin-keys';

type TableEnvelope = { table: AdminTable };

export const tablesQuery = queryOptions({
  queryKey: adminKeys.tables,
  queryFn: ({ signal }) => api<{ tables: AdminTable[] }>('/api/v1/admin/tables', { signal }).then((r) => r.tables),
});

export function createTable(body: Partial<CreateTableRequest> & Pick<CreateTableRequest, 'name'>): Promise<AdminTable> {
  return api<TableEnvelope>('/api/v1/admin/tables', { method: 'POST', body }).then((r) => r.table);
}

export function updateTable(id: string, body: UpdateTableRequest): Promise<AdminTable> {
  return api<TableEnvelope>(`/api/v1/admin/tables/${id}`, { method: 'PATCH', body }).then((r) => r.table);
}

/** A new QR token: the printed code with the old one stops working. */
export function rotateTableToken(id: string): Promise<AdminTable> {
  return api<TableEnvelope>(`/api/v1/admin/tables/${id}/rotate-token`, { method: 'POST' }).then((r) => r.table);
}
