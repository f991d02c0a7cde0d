import type { AuditEntry } from '@plato/contracts';
import { infiniteQueryOptions } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { adminKeys } from './admin-keys';

/** What the audit screen filters by; empty members are left out of the query. */
export type AuditFilter = { actor: string; action: string; entity: string; from: string; to: string };

const PAGE = 50;

/** The filter as query parameters (dates as the start of the `from` day and the end of the `to` day, local time). */
export function auditParams(filter: AuditFilter): URLSearchParams {
  const params = new URLSearchParams();
  if (filter.actor) params.set('actor', filter.actor);
  if (filter.action) params.set('action', filter.action);
  if (filter.entity) params.set('entityType', filter.entity);
  if (filter.from) params.set('from', new Date(`${filter.from}T00:00:00`).toISOString());
  if (filter.to) {
    const end = new Date(`${filter.to}T00:00:00`);
    end.setDate(end.getDate() + 1);
    params.set('to', end.toISOString());
  }
  return params;
}

export function auditQuery(filter: AuditFilter) {
  return infiniteQueryOptions({
    queryKey: adminKeys.audit(filter),
    initialPageParam: null as string | null,
    queryFn: ({ pageParam, signal }) => {
      const params = auditParams(filter);
      params.set('limit', String(PAGE));
      if (pageParam) params.set('cursor', pageParam);
      return api<{ entries: AuditEntry[]; next: string | null }>(`/api/v1/audit?${params}`, { signal });
    },
    getNextPageParam: (last) => last.next,
  });
}

/** A plain link the browser downloads with the staff cookie; the server names the file. */
export function auditCsvUrl(filter: AuditFilter): string {
  const params = auditParams(filter);
  params.set('format', 'csv');
  return `/api/v1/audit?${params}`;
}
