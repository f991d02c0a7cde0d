import type { KitchenReportResponse, RestaurantSettings, SalesReportResponse } from '@plato/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import type { Grouping, ReportBounds } from '../report-range';

// A report is a read of the past: kept a minute, refreshed when asked (today's figures move while the page is open).
const REPORT_STALE_MS = 60_000;

/** The restaurant's time zone and currency: what the presets and the money are read in. */
export const restaurantQuery = queryOptions({
  queryKey: ['reports', 'restaurant'],
  queryFn: async ({ signal }): Promise<RestaurantSettings> =>
    (await api<{ settings: RestaurantSettings }>('/api/v1/admin/settings', { signal })).settings,
  staleTime: 5 * 60_000,
});

/** The sales report's URL, as JSON for the page or as the server's CSV for the download link. */
export function salesUrl(bounds: ReportBounds, groupBy: Grouping, format: 'json' | 'csv' = 'json'): string {
  const search = new URLSearchParams({ from: bounds.from, to: bounds.to, groupBy });
  if (format === 'csv') search.set('format', 'csv');
  return `/api/v1/reports/sales?${search.toString()}`;
}

export function salesQuery(bounds: ReportBounds, groupBy: Grouping) {
  return queryOptions({
    queryKey: ['reports', 'sales', bounds.from, bounds.to, groupBy],
    queryFn: ({ signal }) => api<SalesReportResponse>(salesUrl(bounds, groupBy), { signal }),
    staleTime: REPORT_STALE_MS,
  });
}

/** Prep times over the instants the sales report resolved the window to (so both cover the same orders). */
export function kitchenQuery(window: { from: string; to: string }) {
  return queryOptions({
    queryKey: ['reports', 'kitchen', window.from, window.to],
    queryFn: ({ signal }) =>
      api<KitchenReportResponse>(
        `/api/v1/reports/kitchen?${new URLSearchParams({ from: window.from, to: window.to }).toString()}`,
        { signal },
      ),
    staleTime: REPORT_STALE_MS,
  });
}
