/** The back office's query keys: a write invalidates the lists it changes. */
export const adminKeys = {
  settings: ['admin', 'settings'] as const,
  stations: ['admin', 'stations'] as const,
  categories: ['admin', 'categories'] as const,
  items: ['admin', 'items'] as const,
  tables: ['admin', 'tables'] as const,
  staff: ['admin', 'staff'] as const,
  audit: (filter: object) => ['admin', 'audit', filter] as const,
};
