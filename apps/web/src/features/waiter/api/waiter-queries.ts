import type { Call, ExpoOrder, FloorResponse, FloorTable, GuestMenuResponse, Order, ReadyLine } from '@plato/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';

/*
 * What the floor reads, as query options (key + fetcher) the screens and the
 * live feed share, so an event replaces or invalidates exactly what a screen
 * shows. Everything sits under ['waiter'] so a reconnect refetches it at once.
 */

export const waiterKeys = {
  all: ['waiter'] as const,
  floor: ['waiter', 'floor'] as const,
  calls: ['waiter', 'calls'] as const,
  ready: ['waiter', 'ready'] as const,
  expo: ['waiter', 'expo'] as const,
  orders: (sessionId: string) => ['waiter', 'orders', sessionId] as const,
  menu: (locale: string) => ['waiter', 'menu', locale] as const,
  /** A PIN is shown once (the server keeps only its hash): held in memory for this tab, never refetched. */
  pin: (sessionId: string) => ['waiter-pin', sessionId] as const,
};

export const floorQuery = queryOptions({
  queryKey: waiterKeys.floor,
  queryFn: ({ signal }) => api<FloorResponse>('/api/v1/floor', { signal }),
});

export const callsQuery = queryOptions({
  queryKey: waiterKeys.calls,
  queryFn: ({ signal }) => api<{ calls: Call[] }>('/api/v1/calls', { signal }),
});

export const readyQuery = queryOptions({
  queryKey: waiterKeys.ready,
  queryFn: ({ signal }) => api<{ lines: ReadyLine[] }>('/api/v1/ready', { signal }),
});

export const expoQuery = queryOptions({
  queryKey: waiterKeys.expo,
  queryFn: ({ signal }) => api<{ orders: ExpoOrder[] }>('/api/v1/kitchen/expo', { signal }),
});

export function sessionOrdersQuery(sessionId: string) {
  return queryOptions({
    queryKey: waiterKeys.orders(sessionId),
    queryFn: ({ signal }) => api<{ orders: Order[] }>(`/api/v1/sessions/${sessionId}/orders`, { signal }),
  });
}

export function menuQuery(locale: string) {
  return queryOptions({
    queryKey: waiterKeys.menu(locale),
    queryFn: ({ signal }) => api<GuestMenuResponse>(`/api/v1/menu?locale=${encodeURIComponent(locale)}`, { signal }),
    staleTime: 60_000,
  });
}

/** A table's new state (from `table.updated`) in the cached floor. */
export function withTable(floor: FloorResponse | undefined, table: FloorTable): FloorResponse | undefined {
  if (!floor) return floor;
  const known = floor.tables.some((t) => t.id === table.id);
  return {
    tables: known ? floor.tables.map((t) => (t.id === table.id ? table : t)) : [...floor.tables, table],
  };
}

/** An order's new state (from a live event or a write's answer), kept only when not older than the cached one. */
export function withOrder(cached: { orders: Order[] } | undefined, order: Order): { orders: Order[] } | undefined {
  if (!cached) return cached;
  const current = cached.orders.find((o) => o.id === order.id);
  if (!current) return { orders: [order, ...cached.orders] };
  if (current.version > order.version) return cached;
  return { orders: cached.orders.map((o) => (o.id === order.id ? order : o)) };
}
