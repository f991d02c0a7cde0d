import type {
  Category,
  CreateMenuItemRequest,
  MenuItem,
  ModifierGroup,
  ModifierOption,
  Station,
  UpdateCategoryRequest,
  UpdateMenuItemRequest,
} from '@plato/contracts';
import { queryOptions } from '@tanstack/react-query';
import { api } from '../../../lib/api-client';
import { adminKeys } from './admin-keys';

export const stationsQuery = queryOptions({
  queryKey: adminKeys.stations,
  queryFn: ({ signal }) => api<{ stations: Station[] }>('/api/v1/admin/stations', { signal }).then((r) => r.stations),
});

export const categoriesQuery = queryOptions({
  queryKey: adminKeys.categories,
  queryFn: ({ signal }) =>
    api<{ categories: Category[] }>('/api/v1/admin/categories', { signal }).then((r) => r.categories),
});

export const itemsQuery = queryOptions({
  queryKey: adminKeys.items,
  queryFn: ({ signal }) => api<{ items: MenuItem[] }>('/api/v1/admin/items', { signal }).then((r) => r.items),
});

export type CategoryChanges = UpdateCategoryRequest;

export function createCategory(body: { name: string }): Promise<Category> {
  return api<{ category: Category }>('/api/v1/admin/categories', { method: 'POST', body }).then((r) => r.category);
}

export function updateCategory(id: string, body: CategoryChanges): Promise<Category> {
  return api<{ category: Category }>(`/api/v1/admin/categories/${id}`, { method: 'PATCH', body }).then(
    (r) => r.category,
  );
}

/** Refused (409) while the category still has items. */
export function deleteCategory(id: string): Promise<void> {
  return api<void>(`/api/v1/admin/categories/${id}`, { method: 'DELETE' });
}

export function createItem(
  body: Partial<CreateMenuItemRequest> & Pick<CreateMenuItemRequest, 'categoryId' | 'name' | 'priceCents'>,
): Promise<MenuItem> {
  return api<{ item: MenuItem }>('/api/v1/admin/items', { method: 'POST', body }).then((r) => r.item);
}

export function updateItem(id: string, body: UpdateMenuItemRequest): Promise<MenuItem> {
  return api<{ item: MenuItem }>(`/api/v1/admin/items/${id}`, { method: 'PATCH', body }).then((r) => r.item);
}

/** Sold out (86) or back: the one menu change a manager may make too; guests see it at once. */
export function setItemAvailability(id: string, available: boolean): Promise<MenuItem> {
  return api<{ item: MenuItem }>(`/api/v1/admin/items/${id}/availability`, {
    method: 'POST',
    body: { available },
  }).then((r) => r.item);
}

export function uploadItemPhoto(id: string, file: File): Promise<MenuItem> {
  const form = new FormData();
  form.append('photo', file);
  return api<{ item: MenuItem }>(`/api/v1/admin/items/${id}/photo`, { method: 'PUT', body: form }).then((r) => r.item);
}

export function removeItemPhoto(id: string): Promise<void> {
  return api<void>(`/api/v1/admin/items/${id}/photo`, { method: 'DELETE' });
}

export type GroupFields = { name: string; minSelections: number; maxSelections: number };

export function createModifierGroup(itemId: string, body: GroupFields): Promise<ModifierGroup> {
  return api<{ modifierGroup: ModifierGroup }>(`/api/v1/admin/items/${itemId}/modifier-groups`, {
    method: 'POST',
    body,
  }).then((r) => r.modifierGroup);
}

export function updateModifierGroup(id: string, body: Partial<GroupFields>): Promise<ModifierGroup> {
  return api<{ modifierGroup: ModifierGroup }>(`/api/v1/admin/modifier-groups/${id}`, {
    method: 'PATCH',
    body,
  }).then((r) => r.modifierGroup);
}

export function deleteModifierGroup(id: string): Promise<void> {
  return api<void>(`/api/v1/admin/modifier-groups/${id}`, { method: 'DELETE' });
}

export type OptionFields = { name: string; priceDeltaCents: number };

export function createModifierOption(groupId: string, body: OptionFields): Promise<ModifierOption> {
  return api<{ modifierOption: ModifierOption }>(`/api/v1/admin/modifier-groups/${groupId}/options`, {
    method: 'POST',
    body,
  }).then((r) => r.modifierOption);
}

export function deleteModifierOption(id: string): Promise<void> {
  return api<void>(`/api/v1/admin/modifier-options/${id}`, { method: 'DELETE' });
}

export function setOptionAvailability(id: string, available: boolean): Promise<ModifierOption> {
  return api<{ modifierOption: ModifierOption }>(`/api/v1/admin/modifier-options/${id}/availability`, {
    method: 'POST',
    body: { available },
  }).then((r) => r.modifierOption);
}
