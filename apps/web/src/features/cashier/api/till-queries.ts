import type { Bill, FloorResponse } from '@plato/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';

export const tillKeys = {
  floor: ['floor'] as const,
  bill: (sessionId: string) => ['bill', sessionId] as const,
};

/** The floor: which tables have an open session (the till reads each one's bill beside it). */
export const floorQuery = queryOptions({
  queryKey: tillKeys.floor,
  queryFn: ({ signal }) => api<FloorResponse>('/api/v1/floor', { signal }),
});

export function billQuery(sessionId: string) {
  return queryOptions({
    queryKey: tillKeys.bill(sessionId),
    queryFn: ({ signal }) => api<Bill>(`/api/v1/sessions/${sessionId}/bill`, { signal }),
  });
}

/** A bill from a live event or a write's answer replaces the cached one unless the cache already holds a newer version. */
export function newerBill(cached: Bill | undefined, incoming: Bill): Bill {
  return cached && cached.version > incoming.version ? cached : incoming;
}
