import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KitchenReportResponse } from '@plato/contracts';
import type { Browser, Locator, Page } from '@playwright/test';
import {
  closeTable,
  expect,
  expectAccessible,
  screenshot,
  staff,
  test,
  type StaffRole,
} from '../support/guest-table.ts';
import { waiterOrder } from '../support/kitchen.ts';
import { csvAmount, csvRows, openReportWindow, placePaidSale, SALE_LINES, wallClock } from '../support/reports.ts';

/*
 * The reports page (issue 14, item 5): a real sale placed and paid through
 * the API, then read back on the page as a manager would, on a laptop and a
 * tablet: totals to the cent of the bill, the chart, its table, the CSV and
 * the kitchen's prep times.
 */

const LAPTOP = { width: 1280, height: 800 };
const TABLET = { width: 768, height: 1024 };
const DIST = join(import.meta.dirname, '..', '..', 'apps', 'web', 'dist');
/** Whole-page shots beside the helper's screen-sized ones: the report runs long. */
const SHOTS = join(import.meta.dirname, '..', 'screenshots');
const euro = new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR' });
const eur = (cents: number) => euro.format(cents / 100);

test.use({ viewport: LAPTOP, isMobile: false, hasTouch: false, deviceScaleFactor: 1 });

async function screen(browser: Browser, baseURL: string, role: StaffRole): Promise<Page> {
  const signedIn = await staff(baseURL, role);
  const context = await browser.newContext({
    baseURL,
    viewport: LAPTOP,
    locale: 'en-GB',
    acceptDownloads: true,
    storageState: await signedIn.storageState(),
  });
  return context.newPage();
}

/** The figure a totals term names (`<dt>` → its `<dd>`). */
const figure = (totals: Locator, term: RegExp) =>
  totals.getByRole('term').filter({ hasText: term }).locator('xpath=following-sibling::dd[1]');

/** The parts of a `<canvas>` read here (the e2e project compiles without the DOM's types). */
type Canvas = {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } };
};

/** How many pixels of the canvas the chart painted (a blank canvas paints none). */
const painted = (canvas: Locator) =>
  canvas.evaluate((element) => {
    const c = element as unknown as Canvas;
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    let count = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) count++;
    return count;
  });

async function expectChart(section: Locator, name: RegExp, points: number): Promise<void> {
  const canvas = section.getByRole('img', { name });
  await expect(canvas).toHaveAttribute('data-points', String(points));
  expect(await painted(canvas)).toBeGreaterThan(500);
}

test('a manager reads a paid sale: totals to the cent of the bill, the chart, its table, the CSV, the prep times', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(150_000);
  const sale = await placePaidSale(baseURL!);
  const { bill } = sale;
  const page = await screen(browser, baseURL!, 'MANAGER');
  try {
    await openReportWindow(page, sale.window);

    // Totals: every figure of the bill, to the cent.
    const totals = page.getByRole('region', { name: 'Totals', exact: true });
    await expect(figure(totals, /^Gross sales$/)).toHaveText(eur(bill.subtotalCents));
    await expect(figure(totals, /^Discounts$/)).toHaveText(eur(bill.discountCents));
    await expect(figure(totals, /^Net sales$/)).toHaveText(eur(bill.subtotalCents - bill.discountCents));
    await expect(figure(totals, /^Tax/)).toHaveText(eur(bill.taxCents));
    await expect(figure(totals, /^Service charge$/)).toHaveText(eur(bill.serviceCents));
    await expect(figure(totals, /^Billed$/)).toHaveText(eur(bill.totalCents));
    await expect(figure(totals, /^Tips$/)).toHaveText(eur(bill.tipCents));
    await expect(figure(totals, /^Payments$/)).toHaveText(`${eur(bill.paidCents)}2 payments`);
    await expect(figure(totals, /^Voids$/)).toHaveText(`${eur(0)}0 lines`);
    await expect(totals).toContainText('3 items sold · 1 table');
    const methods = totals.getByRole('list', { name: 'Payments by method' });
    await expect(methods.getByRole('listitem').filter({ hasText: 'Cash' })).toContainText(eur(sale.cash.amountCents));
    await expect(methods.getByRole('listitem').filter({ hasText: 'Card' })).toContainText(
      `${eur(sale.card.amountCents)} + Tips ${eur(sale.card.tipCents)}`,
    );
    expect(bill.discountCents).toBeGreaterThan(0);
    expect(bill.tipCents).toBe(sale.card.tipCents);

    // By hour (the page's first grouping): the chart drew a bar for each hour the table shows.
    const sales = page.getByRole('region', { name: 'Sales by hour', exact: true });
    const hourRows = await sales.getByRole('table').locator('tbody tr').count();
    await expectChart(sales, /^Sales by hour, bar chart/, hourRows);

    // By item: one bar and one row per item sold, the row with the bill line's figures.
    await page.getByRole('radio', { name: 'Item' }).check();
    const byItem = page.getByRole('region', { name: 'Sales by item', exact: true });
    await expectChart(byItem, /^Sales by item, bar chart/, SALE_LINES.length);
    const table = byItem.getByRole('table', { name: 'Sales by item' });
    for (const line of bill.lines) {
      const row = table.getByRole('row', { name: new RegExp(`^${line.name}`) });
      await expect(row.getByRole('cell')).toHaveText([
        String(line.quantity),
        eur(line.grossCents),
        eur(line.discountCents),
        eur(line.netCents),
        eur(line.taxCents),
        eur(line.serviceCents),
        eur(line.dueCents),
        eur(0),
      ]);
    }
    await expect(
      table
        .getByRole('row', { name: /^Total/ })
        .getByRole('cell')
        .nth(6),
    ).toHaveText(eur(bill.totalCents));
    await screenshot(page, 'reports-laptop');
    await page.screenshot({ path: join(SHOTS, 'reports-laptop-full.png'), fullPage: true });
    await expectAccessible(page, 'reports by item');

    // The CSV: the server's file, downloaded, with the same figures.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      byItem.getByRole('link', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^sales-item-.*\.csv$/);
    const [header, ...records] = csvRows(readFileSync((await download.path())!, 'utf8'));
    const col = (name: string) => header!.indexOf(name);
    expect(col('gross_EUR')).toBeGreaterThan(0);
    for (const line of bill.lines) {
      const record = records.find((r) => r[1] === line.name)!;
      expect(record[col('quantity')]).toBe(String(line.quantity));
      expect(record[col('gross_EUR')]).toBe(csvAmount(line.grossCents));
      expect(record[col('discounts_EUR')]).toBe(csvAmount(line.discountCents));
      expect(record[col('sales_EUR')]).toBe(csvAmount(line.dueCents));
    }
    const total = records.find((r) => r[0] === 'TOTAL')!;
    expect(total[col('gross_EUR')]).toBe(csvAmount(bill.subtotalCents));
    expect(total[col('tax_EUR')]).toBe(csvAmount(bill.taxCents));
    expect(total[col('sales_EUR')]).toBe(csvAmount(bill.totalCents));
    expect(total[col('paid_EUR')]).toBe(csvAmount(bill.paidCents));
    expect(total[col('tips_EUR')]).toBe(csvAmount(bill.tipCents));

    // The kitchen: each item's prep time, as the kitchen report has it for the same window.
    const manager = await staff(baseURL!, 'MANAGER');
    const window = new URLSearchParams({
      from: new Date(sale.window.from).toISOString(),
      to: new Date(sale.window.to).toISOString(),
    });
    const prep = (await (
      await manager.get(`/api/v1/reports/kitchen?${window.toString()}`)
    ).json()) as KitchenReportResponse;
    const kitchen = page.getByRole('region', { name: 'Kitchen prep times', exact: true });
    for (const { item } of SALE_LINES) {
      const stats = prep.items.find((i) => i.name === item)!;
      expect(stats.prepAvgSeconds).toBeGreaterThanOrEqual(2);
      const row = kitchen.getByRole('table', { name: 'By item' }).getByRole('row', { name: new RegExp(`^${item}`) });
      await expect(row.getByRole('cell').nth(1)).toHaveText(`${Math.round(stats.prepAvgSeconds!)} s`);
    }
    await expect(
      kitchen.getByRole('table', { name: 'By station' }).getByRole('row', { name: /^Grill|^Kitchen/ }),
    ).not.toHaveCount(0);

    // By payment method: a bar each for cash and card, the tips beside the card's.
    await page.getByRole('radio', { name: 'Payment method' }).check();
    const byMethod = page.getByRole('region', { name: 'Payments by method', exact: true });
    await expectChart(byMethod, /^Payments by method, bar chart/, 2);
    const methodTable = byMethod.getByRole('table');
    await expect(methodTable.getByRole('row', { name: /^Cash/ }).getByRole('cell').nth(1)).toHaveText(
      eur(sale.cash.amountCents),
    );
    await expect(methodTable.getByRole('row', { name: /^Card/ }).getByRole('cell').nth(2)).toHaveText(
      eur(sale.card.tipCents),
    );

    // A tablet: the same page, figures first, the tables scroll sideways.
    await page.getByRole('radio', { name: 'Item' }).check();
    await page.setViewportSize(TABLET);
    await expectChart(page.getByRole('region', { name: 'Sales by item', exact: true }), /^Sales by item, bar chart/, 2);
    await screenshot(page, 'reports-tablet');
    await page.screenshot({ path: join(SHOTS, 'reports-tablet-full.png'), fullPage: true });
    await expectAccessible(page, 'reports on a tablet');
  } finally {
    await page.context().close();
    await closeTable(baseURL!, sale.table);
  }
});

test('the presets ask for whole days of the restaurant, and the page speaks Hindi and Spanish', async ({
  browser,
  baseURL,
}) => {
  const page = await screen(browser, baseURL!, 'ADMIN');
  try {
    await page.goto('/reports?range=last7&groupBy=day');
    const sales = page.getByRole('region', { name: 'Sales by day', exact: true });
    await expect(sales.getByRole('table')).toBeVisible();
    await page.getByRole('radio', { name: 'Yesterday' }).check();
    await expect(page).toHaveURL(/range=yesterday/);
    // Yesterday in Paris, read as the day it is.
    const [y, m, d] = wallClock(Date.now()).slice(0, 10).split('-').map(Number) as [number, number, number];
    const yesterday = new Date(Date.UTC(y, m - 1, d - 1)).toLocaleDateString('en-GB', {
      timeZone: 'UTC',
      dateStyle: 'medium',
    });
    await expect(page.getByRole('status').filter({ hasText: yesterday })).toBeVisible();
    await page.getByRole('radio', { name: 'This month' }).check();
    await expect(page).toHaveURL(/range=month/);

    // A custom window that ends before it starts is refused in words, and nothing is asked of the server.
    await page.getByRole('radio', { name: 'Custom' }).check();
    await page.getByLabel('From', { exact: true }).fill('2025-01-10T18:00');
    await page.getByLabel('To', { exact: true }).fill('2025-01-10T12:00');
    await page.getByRole('button', { name: 'Show this period' }).click();
    await expect(page.getByText('The end must come after the start.')).toBeVisible();
    await expect(page).toHaveURL(/range=month/);

    await page.getByLabel('Language').selectOption('hi');
    await expect(page.getByRole('heading', { name: 'रिपोर्ट', level: 1 })).toBeVisible();
    // The custom window is still being chosen: its fields and button speak Hindi too.
    await expect(page.getByRole('radio', { name: 'अपनी अवधि' })).toBeChecked();
    await expect(page.getByRole('button', { name: 'यह अवधि दिखाएँ' })).toBeVisible();
    await expect(page.getByText('अंत, शुरुआत के बाद होना चाहिए।')).toBeVisible();
    await screenshot(page, 'reports-hindi');
    await page.getByLabel('भाषा').selectOption('es');
    await expect(page.getByRole('heading', { name: 'Informes', level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Descargar CSV' })).toHaveAttribute('href', /format=csv/);
    await page.getByLabel('Idioma').selectOption('en');
  } finally {
    await page.context().close();
  }
});

test('a waiter is not allowed on the reports page, and the API refuses them too', async ({ browser, baseURL }) => {
  const page = await screen(browser, baseURL!, 'WAITER');
  try {
    await page.goto('/reports');
    await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
    await expect(page.getByText('Your role may not use the reports')).toBeVisible();
    for (const path of [
      '/api/v1/reports/sales?from=2025-01-01&to=2025-01-31',
      '/api/v1/reports/kitchen?from=2025-01-01T00:00:00Z&to=2025-01-02T00:00:00Z',
    ]) {
      expect((await page.request.get(path)).status()).toBe(403);
    }
    await screenshot(page, 'reports-not-allowed');
    await expectAccessible(page, 'reports not allowed');
  } finally {
    await page.context().close();
  }
});

test('the charting library is its own chunk, loaded by the reports page and by no other page', async ({
  browser,
  baseURL,
  seat,
}) => {
  const manifest = JSON.parse(readFileSync(join(DIST, '.vite', 'manifest.json'), 'utf8')) as Record<
    string,
    { file: string }
  >;
  const chart = manifest['src/features/reports/components/sales-chart.tsx']!.file;
  // Chart.js marks the arrays it watches with `_chartjs`: only the chart's chunk holds the library.
  const holders = readdirSync(join(DIST, 'assets'))
    .filter((f) => f.endsWith('.js') && readFileSync(join(DIST, 'assets', f), 'utf8').includes('_chartjs'))
    .map((f) => `assets/${f}`);
  expect(holders).toEqual([chart]);

  const scriptsOf = async (page: Page, path: string, ready: Locator) => {
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname.slice(1));
    });
    await page.goto(path);
    await expect(ready).toBeVisible();
    await page.waitForLoadState('networkidle');
    return scripts;
  };

  const table = await seat('FAMILY');
  await waiterOrder(baseURL!, table.sessionId, [{ item: 'Fries' }]);
  const admin = await screen(browser, baseURL!, 'ADMIN');
  try {
    const pages: [string, Locator][] = [
      ['/staff', admin.getByRole('heading', { name: /Hello/ })],
      ['/cashier', admin.getByRole('heading', { name: 'Till' })],
      ['/admin/tables', admin.getByRole('heading', { level: 1 })],
      ['/kitchen', admin.getByRole('status').filter({ hasText: 'Connected' })],
      ['/kitchen/expo', admin.getByRole('heading', { level: 1 })],
    ];
    for (const [path, ready] of pages) {
      const scripts = await scriptsOf(admin, path, ready);
      expect(scripts.length, path).toBeGreaterThan(0);
      expect(scripts, path).not.toContain(chart);
    }
    // Today holds at least the fries sold above: the page draws a chart, so it must have asked for the library.
    const reports = await scriptsOf(
      admin,
      '/reports?range=today&groupBy=item',
      admin.getByRole('img', { name: /^Sales by item, bar chart/ }),
    );
    expect(reports).toContain(chart);
  } finally {
    await admin.context().close();
  }

  const guest = await browser.newPage({ baseURL });
  try {
    const scripts = await scriptsOf(guest, table.path, guest.getByLabel(/Table PIN/));
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts).not.toContain(chart);
  } finally {
    await guest.close();
  }
});
