import type { AdminTable, PublicTableResponse } from '@plato/contracts';
import { expect, test } from '@playwright/test';

test('a guest who scans a table code sees the restaurant and the table', async ({ page, request }) => {
  const login = await request.post('/api/v1/auth/login', {
    data: { restaurant: 'demo', email: 'admin@demo.plato', password: 'plato-demo' },
  });
  expect(login.ok()).toBe(true);
  const { tables } = (await (await request.get('/api/v1/admin/tables')).json()) as { tables: AdminTable[] };
  const table = tables.find((t) => t.name === 'Table 1');
  if (!table) throw new Error('the demo seed has no "Table 1"');
  const expected = (await (await request.get(`/api/v1/public/tables/${table.qrToken}`)).json()) as PublicTableResponse;

  await page.goto(new URL(table.qrUrl).pathname);

  await expect(page.getByRole('heading', { name: 'Table 1', exact: true })).toBeVisible();
  await expect(page.getByText(expected.restaurant.name, { exact: true })).toBeVisible();
});

test('a guest with an unknown table code is told the code is not valid', async ({ page }) => {
  await page.goto('/t/not-a-real-table-code');

  await expect(page.getByRole('heading', { name: 'This table code is not valid' })).toBeVisible();
});
