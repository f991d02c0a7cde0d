import type { AdminTable } from '@plato/contracts';
import { expect } from 'vitest';
import type { TestApp } from './test-app.ts';

export const TABLES = '/api/v1/admin/tables';

export const uniqueName = (prefix: string) => `${prefix} ${Math.random().toString(36).slice(2, 8)}`;

/**
 * The admin tables API as the tables tests drive it, asserting each call
 * succeeded; `app` is read at call time (test files create it in beforeAll).
 */
export function tablesApi(app: () => TestApp) {
  return {
    async createTable(cookie: string, payload: Record<string, unknown>): Promise<AdminTable> {
      const res = await app().app.inject({ method: 'POST', url: TABLES, headers: { cookie }, payload });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ table: AdminTable }>().table;
    },
    async listTables(cookie: string): Promise<AdminTable[]> {
      const res = await app().app.inject({ method: 'GET', url: TABLES, headers: { cookie } });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ tables: AdminTable[] }>().tables;
    },
    auditRows(restaurantId: string) {
      return app()
        .ctx.db.selectFrom('audit_log')
        .selectAll()
        .where('restaurant_id', '=', restaurantId)
        .orderBy('id')
        .execute();
    },
  };
}
