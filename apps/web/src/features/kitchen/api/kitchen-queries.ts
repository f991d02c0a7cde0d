import type { ExpoOrder, KitchenLine, KitchenTicket, LineStatus, Station } from '@plato/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';

/*
 * The kitchen API as the screens use it: one fetcher per operation, and the
 * query options (key + fetcher) the screens and the live feed share, so an
 * event invalidates exactly what a screen reads.
 */

export type TicketsAnswer = { tickets: KitchenTicket[]; seq: number };
export type AllDayItem = { name: string; options: string[]; quantity: number };
export type { ExpoOrder };

const station = (id: string | undefined) => (id ? `station=${encodeURIComponent(id)}` : '');
const query = (...parts: string[]) => {
  const q = parts.filter(Boolean).join('&');
  return q ? `?${q}` : '';
};

export const kitchenKeys = {
  all: ['kitchen'] as const,
  stations: ['kitchen', 'stations'] as const,
  board: ['kitchen', 'board'] as const,
  allDay: (stationId: string | undefined) => ['kitchen', 'all-day', stationId ?? 'all'] as const,
  done: (stationId: string | undefined) => ['kitchen', 'done', stationId ?? 'all'] as const,
  expo: ['kitchen', 'expo'] as const,
};

export const stationsQuery = queryOptions({
  queryKey: kitchenKeys.stations,
  queryFn: ({ signal }) => api<{ stations: Station[] }>('/api/v1/kitchen/stations', { signal }),
  staleTime: 5 * 60_000,
});

/** Every open ticket this screen may see (a tied chef's station only), and the sequence the answer is complete up to. */
export function getOpenTickets(signal?: AbortSignal): Promise<TicketsAnswer> {
  return api<TicketsAnswer>('/api/v1/kitchen/tickets', { signal });
}

/** Every ticket changed after `since`, whatever its state: the catch-up after a dropped connection. */
export function getTicketsSince(since: number, signal?: AbortSignal): Promise<TicketsAnswer> {
  return api<TicketsAnswer>(`/api/v1/kitchen/tickets${query(`since=${since}`)}`, { signal });
}

export const doneTicketsQuery = (stationId: string | undefined) =>
  queryOptions({
    queryKey: kitchenKeys.done(stationId),
    queryFn: ({ signal }) =>
      api<TicketsAnswer>(`/api/v1/kitchen/tickets${query('state=DONE', station(stationId))}`, { signal }),
  });

export const allDayQuery = (stationId: string | undefined) =>
  queryOptions({
    queryKey: kitchenKeys.allDay(stationId),
    queryFn: ({ signal }) =>
      api<{ items: AllDayItem[] }>(`/api/v1/kitchen/all-day${query(station(stationId))}`, { signal }),
  });

export const expoQuery = queryOptions({
  queryKey: kitchenKeys.expo,
  queryFn: ({ signal }) => api<{ orders: ExpoOrder[] }>('/api/v1/kitchen/expo', { signal }),
});

export function moveLine(lineId: string, status: LineStatus): Promise<{ line: KitchenLine; orderId: string }> {
  return api(`/api/v1/order-lines/${encodeURIComponent(lineId)}/status`, { method: 'POST', body: { status } });
}

export function bumpTicket(ticketId: string): Promise<{ ticket: KitchenTicket }> {
  return api(`/api/v1/kitchen/tickets/${encodeURIComponent(ticketId)}/bump`, { method: 'POST' });
}

/** The last bumped ticket (of the station, when one is picked) back to the board. */
export function recallTicket(stationId: string | undefined): Promise<{ ticket: KitchenTicket }> {
  return api('/api/v1/kitchen/recall', { method: 'POST', body: stationId ? { station: stationId } : {} });
}
