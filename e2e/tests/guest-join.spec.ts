import type { AdminTable, OpenSessionResponse } from '@plato/contracts';
import { closeTable, expect, test, joinTable, phone, screenshot, staff } from '../support/guest-table.ts';

test('a wrong PIN says how many attempts are left; the right one opens the menu; a returning phone skips the PIN', async ({
  page,
  seat,
}) => {
  const table = await seat('FAMILY');
  await page.goto(table.path);
  await expect(page.getByRole('heading', { name: table.name, exact: true })).toBeVisible();
  await expect(page.getByText('Plato Demo Bistro', { exact: true })).toBeVisible();
  await screenshot(page, 'join');

  const pin = page.getByLabel(/Table PIN/);
  await expect(pin).toBeFocused();
  const wrong = table.pin === '0000' ? '1111' : '0000';
  await pin.fill(wrong); // submits by itself on the last digit
  await expect(page.getByRole('alert')).toHaveText('Wrong PIN. Attempts left: 4.');
  await expect(pin).toHaveValue('');
  await expect(pin).toHaveAttribute('aria-invalid', 'true');
  await screenshot(page, 'join-wrong-pin');

  await page.getByLabel('Your name (optional)').fill('Ann');
  // The whole PIN at once, as a paste gives it.
  await pin.fill(table.pin);
  await expect(page).toHaveURL(new RegExp(`${table.path}/menu$`));
  await expect(page.getByRole('navigation', { name: 'Menu categories' })).toBeVisible();
  await screenshot(page, 'menu');

  // The cookie brings the phone straight back to the menu, without drawing the PIN form on the way even for a frame.
  await page.addInitScript(`
    window.seen = { pinField: false };
    new MutationObserver(() => {
      if (document.querySelector('input[name="pin"]')) window.seen.pinField = true;
    }).observe(document, { childList: true, subtree: true });
  `);
  await page.goto(table.path);
  await expect(page).toHaveURL(new RegExp(`${table.path}/menu$`));
  await expect(page.getByRole('link', { name: 'Cart' })).toBeVisible();
  expect(await page.evaluate('window.seen')).toEqual({ pinField: false });
});

test('after five wrong PINs the entry is blocked with a countdown, even for the right PIN', async ({ page, seat }) => {
  const table = await seat('FAMILY');
  await page.goto(table.path);
  const pin = page.getByLabel(/Table PIN/);
  const wrong = table.pin === '0000' ? '1111' : '0000';
  for (let left = 4; left >= 0; left--) {
    await pin.fill(wrong);
    await expect(page.getByRole('alert')).toContainText('Wrong PIN');
    if (left > 0) await expect(page.getByRole('alert')).toHaveText(`Wrong PIN. Attempts left: ${left}.`);
  }
  await expect(pin).toBeEnabled();
  await pin.fill(table.pin);
  await expect(page.getByRole('alert')).toContainText('PIN entry is blocked');
  const timer = page.getByRole('timer');
  await expect(timer).toHaveText(/^Try again in 1[45]:\d\d$/);
  const first = await timer.textContent();
  await expect(timer).not.toHaveText(first!, { timeout: 3000 }); // it counts down
  await expect(pin).toBeDisabled();
  await screenshot(page, 'join-blocked');
});

test('a table nobody opened says to ask the waiter, and finds the session once the waiter opens it', async ({
  page,
  baseURL,
}) => {
  const admin = await staff(baseURL!, 'ADMIN');
  const { tables } = (await (await admin.get('/api/v1/admin/tables')).json()) as { tables: AdminTable[] };
  const free = tables.find((t) => t.name === 'Table 1')!; // never opened by a spec
  await page.goto(new URL(free.qrUrl).pathname);
  await expect(page.getByText('This table is not open yet. Please ask your waiter.')).toBeVisible();
  await expect(page.getByLabel(/Table PIN/)).toHaveCount(0);
  await screenshot(page, 'join-no-session');

  const waiter = await staff(baseURL!, 'WAITER');
  const opened = await waiter.post(`/api/v1/tables/${free.id}/sessions`, { data: { mode: 'FAMILY' } });
  expect(opened.status()).toBe(201);
  const { session } = (await opened.json()) as OpenSessionResponse;
  try {
    await page.getByRole('button', { name: 'Check again' }).click();
    await expect(page.getByLabel(/Table PIN/)).toBeVisible();
  } finally {
    await closeTable(baseURL!, { sessionId: session.id });
  }
});

test('a phone that lost its cookie gets its own guest back with the PIN (its device key), cart and all', async ({
  browser,
  baseURL,
  seat,
}) => {
  const table = await seat('INDIVIDUAL');
  const page = await phone(browser, baseURL!);
  await joinTable(page, table, 'Bea');
  await page.getByRole('button', { name: 'Add Crispy calamari' }).click();
  await expect(page.getByRole('link', { name: /View cart · 1/ })).toBeVisible();

  const context = page.context();
  const cookies = await context.cookies();
  expect(cookies.map((c) => c.name)).toEqual(expect.arrayContaining(['plato_guest', 'plato_device']));
  await context.clearCookies({ name: 'plato_guest' });

  await page.goto(table.path);
  await expect(page.getByLabel(/Table PIN/)).toBeVisible();
  await page.getByLabel(/Table PIN/).fill(table.pin); // no name typed: the device key says who this is
  await page.getByRole('link', { name: /View cart · 1/ }).click();
  await expect(page.getByRole('heading', { name: 'Your order' })).toBeVisible();
  await expect(page.getByText('Crispy calamari', { exact: true })).toBeVisible();
  await context.close();
});
