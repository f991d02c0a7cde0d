import type { GuestMenuResponse } from '@plato/contracts';
import { expect, test, joinTable, screenshot, staff } from '../support/guest-table.ts';

test('the allergen filter hides dishes that contain what the guest avoids, and the phone remembers it', async ({
  page,
  seat,
}) => {
  const table = await seat('FAMILY');
  await joinTable(page, table);
  await expect(page.getByRole('link', { name: /Crispy calamari/ })).toBeVisible();
  await page.getByRole('button', { name: 'Allergens' }).click();
  await page.getByRole('group', { name: 'Hide dishes that contain' }).getByLabel('Molluscs').check();
  await expect(page.getByRole('link', { name: /Crispy calamari/ })).toHaveCount(0);
  await expect(page.getByText(/Hidden because of allergens: \d+/)).toBeVisible();
  await page.getByRole('group', { name: 'Hide dishes that contain' }).getByLabel('Gluten').check();
  await expect(page.getByRole('link', { name: /Margherita pizza/ })).toHaveCount(0);
  await expect(page.getByRole('link', { name: /Chickpea curry/ })).toBeVisible();
  await screenshot(page, 'menu-allergen-filter');

  await page.reload();
  await expect(page.getByRole('button', { name: 'Allergens (2)' })).toBeVisible();
  await expect(page.getByRole('link', { name: /Crispy calamari/ })).toHaveCount(0);

  // Search narrows within what is shown.
  await page.getByRole('searchbox', { name: 'Search the menu' }).fill('curry');
  await expect(page.getByRole('link', { name: /Chickpea curry/ })).toBeVisible();
  await expect(page.getByRole('link', { name: /Mushroom risotto/ })).toHaveCount(0);
});

test('an item the kitchen runs out of greys out live; choices with a minimum must be made before adding', async ({
  page,
  baseURL,
  seat,
}) => {
  const table = await seat('FAMILY');
  await joinTable(page, table);
  const manager = await staff(baseURL!, 'MANAGER');
  const menu = (await page.evaluate("fetch('/api/v1/guest/menu').then((r) => r.json())")) as GuestMenuResponse;
  const pasta = menu.categories.flatMap((c) => c.items).find((i) => i.name === 'Truffle tagliatelle')!;
  const setAvailable = async (available: boolean) =>
    expect((await manager.post(`/api/v1/admin/items/${pasta.id}/availability`, { data: { available } })).status()).toBe(
      200,
    );
  try {
    await expect(page.getByRole('button', { name: 'Add Truffle tagliatelle' })).toBeVisible();
    await setAvailable(false);
    const card = page.getByRole('listitem').filter({ hasText: 'Truffle tagliatelle' });
    await expect(card).toContainText('Sold out');
    await expect(page.getByRole('button', { name: 'Add Truffle tagliatelle' })).toHaveCount(0);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'menu-sold-out');
  } finally {
    await setAvailable(true);
  }
  await expect(page.getByRole('button', { name: 'Add Truffle tagliatelle' })).toBeVisible();

  // The burger needs a cooking and a side: its + opens the item, which counts the choices in its price.
  await page.getByRole('button', { name: 'Choose options for Plato burger' }).click();
  await expect(page.getByRole('heading', { name: 'Plato burger' })).toBeVisible();
  await page.getByRole('button', { name: 'Add · €17.50' }).click();
  await expect(page.getByRole('alert')).toHaveText('Still to choose: Cooking, Side');
  await page.getByRole('group', { name: 'Cooking' }).getByLabel('Medium rare').check();
  await page.getByRole('group', { name: 'Side' }).getByLabel('Sweet potato fries').check();
  const extras = page.getByRole('group', { name: 'Extras' });
  await extras.getByLabel('Bacon').check();
  await page.getByRole('button', { name: 'One more', exact: true }).click();
  await page.getByLabel('Note for the kitchen (optional)').fill('No pickles');
  await screenshot(page, 'item-sheet');
  // (17.50 + 1.50 + 2.50) × 2
  await page.getByRole('button', { name: 'Add · €43.00' }).click();
  await expect(page.getByRole('link', { name: /View cart · 2 · €43.00/ })).toBeVisible();
  await page.getByRole('link', { name: /View cart/ }).click();
  const line = page.getByRole('listitem').filter({ hasText: 'Plato burger' });
  await expect(line).toContainText('Medium rare, Sweet potato fries, Bacon');
  await expect(line).toContainText('No pickles');
});

test('the whole menu is drawn, the first screen first, without moving what is already on screen', async ({
  page,
  seat,
}) => {
  await page.addInitScript(`
    window.shifts = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.shifts.push(entry.value);
    }).observe({ type: 'layout-shift', buffered: true });
  `);
  const table = await seat('FAMILY');
  await joinTable(page, table);
  const menu = (await page.evaluate("fetch('/api/v1/guest/menu').then((r) => r.json())")) as GuestMenuResponse;
  const dishes = menu.categories.flatMap((c) => c.items);
  expect(dishes.length).toBeGreaterThan(15);
  // Every dish and every category, in the menu's order, once all passes are drawn.
  await expect(page.locator('li.item')).toHaveCount(dishes.length);
  await expect(page.locator('li.item .item__name')).toHaveText(dishes.map((d) => d.name));
  const last = menu.categories.at(-1)!;
  const bar = page.getByRole('navigation', { name: 'Menu categories' });
  await bar.getByRole('link', { name: last.name }).click();
  await expect(page.getByRole('heading', { name: last.name, level: 2 })).toBeInViewport();
  // The bar lights the category the guest jumped to, not the end of the one above it still on screen.
  await expect(bar.getByRole('link', { name: last.name })).toHaveAttribute('aria-current', 'true');
  await expect(bar.locator('[aria-current]')).toHaveCount(1);
  expect(await page.evaluate('window.shifts')).toEqual([]);
});
