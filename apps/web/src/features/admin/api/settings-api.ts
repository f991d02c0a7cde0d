import type { RestaurantSettings, UpdateSettingsRequest } from '@plato/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { adminKeys } from './admin-keys';

type SettingsEnvelope = { settings: RestaurantSettings };

export const settingsQuery = queryOptions({
  queryKey: adminKeys.settings,
  queryFn: ({ signal }) => api<SettingsEnvelope>('/api/v1/admin/settings', { signal }).then((r) => r.settings),
});

export function updateSettings(body: UpdateSettingsRequest): Promise<RestaurantSettings> {
  return api<SettingsEnvelope>('/api/v1/admin/settings', { method: 'PATCH', body }).then((r) => r.settings);
}
