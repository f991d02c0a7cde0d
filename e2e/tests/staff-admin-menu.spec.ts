import type { Category, MenuItem } from '@plato/contracts';
import type { Page } from '@playwright/test';
import { adminCall, backOffice, PNG_PHOTO } from '../support/admin.ts';
import { expect, expectAccessible, phone, screenshot, staff, test } from '../support/guest-table.ts';

async function categoryNames(baseURL: string): Promise<string[]> {
  const admin = await staff(baseURL, 'ADMIN');
  const { categories } = (await (await admin.get('/api/v1/admin/categories')).json()) as { categories: Category[] };
  return categories.map((c) => c.name);
}

/** The spec's category and its items go, so later specs find the demo menu as it was. */
async function removeCategory(baseURL: string, name: string): Promise<void> {
  const admin = await staff(baseURL, 'ADMIN');
  const { categories } = (await (await admin.get('/api/v1/admin/categories')).json()) as { categories: Category[] };
  const category = categories.find((c) => c.name === name);
  if (!category) return;
  const { items } = (await (await admin.get(`/api/v1/admin/items?categoryId=${category.id}`)).json()) as {
    items: MenuItem[];
  };
  for (const item of items) await adminCall(baseURL, 'DELETE', `/api/v1/admin/items/${item.id}`);
  await adminCall(baseURL, 'DELETE', `/api/v1/admin/categories/${category.id}`);
}

/** Drags with the mouse, in small steps as a hand does (dnd-kit starts a drag after a few pixels). */
async function drag(page: Page, from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x, from.y + 8, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 16 });
  await page.mouse.up();
}

test('the admin adds a category, orders the menu by dragging and by keyboard, builds an item with a photo and choices, and a Spanish guest reads its translation', async ({
  browser,
  baseURL,
  seat,
}) => {
  test.setTimeout(60_000);
  const run = Date.now().toString(36);
  const specials = `Specials ${run}`;
  const dish = `Chef's pie ${run}`;
  const before = await categoryNames(baseURL!);
  const admin = await backOffice(browser, baseURL!);
  try {
    await admin.goto('/admin/menu');
    await admin.getByLabel('New category name').fill(specials);
    await admin.getByRole('button', { name: 'Add category' }).click();
    const list = admin.getByRole('list', { name: 'Categories' });
    const rows = list.getByRole('listitem');
    await expect(rows).toHaveCount(before.length + 1);
    await expect(rows.last()).toContainText(specials);

    // Dragged by its handle to the top of the menu.
    const handle = (await admin.getByRole('button', { name: `Drag ${specials}` }).boundingBox())!;
    const top = (await rows.first().boundingBox())!;
    await drag(
      admin,
      { x: handle.x + handle.width / 2, y: handle.y + handle.height / 2 },
      { x: handle.x + handle.width / 2, y: top.y + 4 },
    );
    await expect(rows.first()).toContainText(specials);
    await expect.poll(() => categoryNames(baseURL!)).toEqual([specials, ...before]);

    // The keyboard: dnd-kit's own (space picks up, an arrow moves, space drops)…
    // Each step waits for what a screen reader is told, as its user would: a key pressed before the last move has
    // settled measures rows still moving (one full run's second arrow landed a row short).
    const told = (text: string) => expect(admin.getByText(text, { exact: true })).toBeAttached();
    await admin.getByRole('button', { name: `Drag ${specials}` }).focus();
    await admin.keyboard.press('Space');
    await told(`${specials} is over position 1.`);
    await admin.keyboard.press('ArrowDown');
    await told(`${specials} is over position 2.`);
    await admin.keyboard.press('ArrowDown');
    await told(`${specials} is over position 3.`);
    await admin.keyboard.press('Space');
    await told(`${specials} dropped at position 3.`);
    await expect(rows.nth(2)).toContainText(specials);
    await expect.poll(() => categoryNames(baseURL!)).toEqual([before[0], before[1], specials, ...before.slice(2)]);
    // …and the row's up button, pressed from the keyboard, which says where the category went.
    await admin.getByRole('button', { name: `Move ${specials} up` }).focus();
    await admin.keyboard.press('Enter');
    await expect(rows.nth(1)).toContainText(specials);
    await expect(admin.getByText(`${specials} is now number 2 of ${before.length + 1}.`)).toBeAttached();
    await expect.poll(() => categoryNames(baseURL!)).toEqual([before[0], specials, ...before.slice(1)]);
    await screenshot(admin, 'admin-menu-reordered');

    // An item in the new category.
    await list.getByRole('link', { name: specials }).click();
    await expect(admin.getByRole('heading', { name: `Items in ${specials}` })).toBeVisible();
    await admin.getByRole('link', { name: 'Add item' }).click();
    await expect(admin.getByRole('heading', { name: 'New item' })).toBeVisible();
    await admin.getByLabel('Name', { exact: true }).fill(dish);
    await admin.getByLabel('Price (EUR)').fill('9,80');
    await admin.getByLabel('Kitchen station').selectOption({ label: 'Grill' });
    await admin.getByLabel('Description').fill('Slow-cooked beef under a butter crust.');
    await admin.getByRole('group', { name: 'Allergens' }).getByLabel('Gluten').check();
    await admin.getByRole('group', { name: 'Allergens' }).getByLabel('Eggs').check();
    await admin.getByRole('group', { name: 'Dietary tags' }).getByLabel('Popular').check();
    await admin.getByRole('button', { name: 'Create' }).click();
    await expect(admin.getByRole('heading', { name: `Edit ${dish}` })).toBeVisible();
    await expect(admin.getByText(`${dish} was added to the menu.`)).toBeVisible();

    await admin.getByLabel('Upload photo').setInputFiles({ name: 'pie.png', mimeType: 'image/png', buffer: PNG_PHOTO });
    await expect(admin.getByRole('img', { name: `Photo of ${dish}` })).toBeVisible();

    await admin.getByLabel('Group name').fill('Size');
    await admin.getByLabel('Guests choose at least').fill('1');
    await admin.getByLabel('At most').fill('1');
    await admin.getByRole('button', { name: 'Add group' }).click();
    await expect(admin.getByRole('heading', { name: 'Size · Choose 1 to 1' })).toBeVisible();
    const newOption = admin.getByRole('form', { name: 'New option for Size' });
    for (const [name, extra] of [
      ['Regular', '0'],
      ['Large', '2.50'],
    ] as const) {
      await newOption.getByLabel('Option name').fill(name);
      await newOption.getByLabel('Extra price (EUR)').fill(extra);
      await newOption.getByRole('button', { name: 'Add option' }).click();
      await expect(admin.getByRole('checkbox', { name: `${name} sold out` })).not.toBeChecked();
    }
    await expect(admin.getByRole('list', { name: 'Options of Size' })).toContainText('Large (+€2.50)');

    const translations = admin.getByRole('form', { name: 'Translations' });
    await translations.getByLabel('Name in Spanish').fill(`Pastel del chef ${run}`);
    await translations.getByLabel('Description in Spanish').fill('Ternera guisada bajo una costra de mantequilla.');
    await translations.getByRole('button', { name: 'Save' }).click();
    await expect(translations.getByText('Saved.')).toBeVisible();
    await screenshot(admin, 'admin-item-editor');
    await expectAccessible(admin, 'admin item editor');

    const admins = await staff(baseURL!, 'ADMIN');
    const { items } = (await (await admins.get('/api/v1/admin/items')).json()) as { items: MenuItem[] };
    const item = items.find((i) => i.name === dish)!;
    expect(item).toMatchObject({
      priceCents: 980,
      allergens: ['GLUTEN', 'EGGS'],
      tags: ['POPULAR'],
      translations: { es: { name: `Pastel del chef ${run}` } },
    });
    expect(item.imageUrl).toMatch(/^\/media\/.+\.png$/);
    expect(item.modifierGroups[0]).toMatchObject({ name: 'Size', minSelections: 1, maxSelections: 1 });
    expect(item.modifierGroups[0]!.options.map((o) => [o.name, o.priceDeltaCents])).toEqual([
      ['Regular', 0],
      ['Large', 250],
    ]);

    // A guest whose phone speaks Spanish reads the dish in Spanish, with its photo.
    const table = await seat('FAMILY');
    const guest = await phone(browser, baseURL!, 'es-ES');
    await guest.goto(table.path);
    await guest.getByLabel(/PIN de la mesa/).fill(table.pin);
    await expect(guest.getByRole('navigation', { name: 'Secciones de la carta' })).toBeVisible();
    const card = guest.getByRole('listitem').filter({ hasText: `Pastel del chef ${run}` });
    await card.scrollIntoViewIfNeeded();
    await expect(card).toContainText('9,80');
    await expect(card.locator(`img[src="${item.imageUrl}"]`)).toBeVisible();
    await expect(guest.getByRole('heading', { name: specials })).toBeVisible();
    await screenshot(guest, 'admin-guest-menu-spanish');
  } finally {
    await removeCategory(baseURL!, specials);
  }
  expect(await categoryNames(baseURL!)).toEqual(before);
});

test('the admin renames a category, names it in Spanish, gives it its own tax rate and no service charge (a Spanish guest reads the new name live), and deletes it once empty', async ({
  browser,
  baseURL,
  seat,
}) => {
  test.setTimeout(60_000);
  const run = Date.now().toString(36);
  const before = await categoryNames(baseURL!);
  const api = await adminCall(baseURL!, 'POST', '/api/v1/admin/categories', { name: `Bar ${run}` });
  const { categories } = (await (await api.get('/api/v1/admin/categories')).json()) as { categories: Category[] };
  const category = categories.find((c) => c.name === `Bar ${run}`)!;
  const created = await api.post('/api/v1/admin/items', {
    data: { categoryId: category.id, name: `House lemonade ${run}`, priceCents: 450 },
  });
  expect(created.status()).toBe(201);
  const { item } = (await created.json()) as { item: MenuItem };
  const saved = async () =>
    ((await (await api.get(`/api/v1/admin/categories/${category.id}`)).json()) as { category: Category }).category;
  try {
    // A Spanish guest already at a table, reading the menu while the admin works.
    const table = await seat('FAMILY');
    const guest = await phone(browser, baseURL!, 'es-ES');
    await guest.goto(table.path);
    await guest.getByLabel(/PIN de la mesa/).fill(table.pin);
    const sections = guest.getByRole('navigation', { name: 'Secciones de la carta' });
    await expect(sections.getByRole('link', { name: `Bar ${run}` })).toBeVisible();

    const admin = await backOffice(browser, baseURL!);
    await admin.goto(`/admin/menu?category=${category.id}`);
    const about = admin.getByRole('region', { name: `About Bar ${run}` });
    await expect(about.getByLabel('Category name')).toHaveValue(`Bar ${run}`);
    // Not a percentage: said by the field, and nothing is sent.
    await about.getByLabel('Tax rate of its items (%)').fill('ten');
    await about.getByRole('button', { name: 'Save' }).click();
    await expect(about.getByText('Enter a percentage such as 8 or 8.25.')).toBeVisible();
    // Above 100 %: the server's 400, said as the percentage typed, and the category unchanged.
    await about.getByLabel('Tax rate of its items (%)').fill('150');
    await about.getByRole('button', { name: 'Save' }).click();
    await expect(about.getByText('Enter a percentage from 0 to 100.')).toBeVisible();
    expect(await saved()).toMatchObject({ name: `Bar ${run}`, taxRateBps: null, serviceApplies: true });

    await about.getByLabel('Category name').fill(`Drinks ${run}`);
    await about.getByLabel('Name in Spanish').fill(`Bebidas ${run}`);
    await about.getByLabel('Tax rate of its items (%)').fill('10,5');
    await about.getByLabel('The service charge applies to its items').uncheck();
    await about.getByRole('button', { name: 'Save' }).click();
    await expect(admin.getByRole('region', { name: `About Drinks ${run}` }).getByText('Saved.')).toBeVisible();
    expect(await saved()).toMatchObject({
      name: `Drinks ${run}`,
      translations: { es: { name: `Bebidas ${run}` } },
      taxRateBps: 1050,
      serviceApplies: false,
    });
    await expect(admin.getByRole('list', { name: 'Categories' })).toContainText(`Drinks ${run}`);
    await expect(admin.getByRole('heading', { name: `Items in Drinks ${run}` })).toBeVisible();
    // The guest's phone follows without a reload, in the guest's language.
    await expect(sections.getByRole('link', { name: `Bebidas ${run}` })).toBeVisible();
    await screenshot(admin, 'admin-menu-category');
    await expectAccessible(admin, 'admin menu with a category’s details');

    // A manager reads the same card and can change nothing in it.
    const manager = await backOffice(browser, baseURL!, 'MANAGER');
    await manager.goto(`/admin/menu?category=${category.id}`);
    const read = manager.getByRole('region', { name: `About Drinks ${run}` });
    await expect(read.getByLabel('Tax rate of its items (%)')).toHaveValue('10.5');
    await expect(read.getByLabel('Category name')).toBeDisabled();
    await expect(read.getByRole('button')).toHaveCount(0);
    await screenshot(manager, 'admin-menu-category-manager');
    await manager.context().close();

    // While it has an item it cannot be deleted; once empty, after a confirmation, it can.
    const aboutDrinks = admin.getByRole('region', { name: `About Drinks ${run}` });
    await expect(aboutDrinks.getByText('It still has 1 item: move or delete it to delete the category.')).toBeVisible();
    await expect(aboutDrinks.getByRole('button', { name: `Delete Drinks ${run}` })).toHaveCount(0);
    await adminCall(baseURL!, 'DELETE', `/api/v1/admin/items/${item.id}`);
    await admin.reload();
    await aboutDrinks.getByRole('button', { name: `Delete Drinks ${run}` }).click();
    const confirm = admin.getByRole('alertdialog', { name: `Delete the empty category Drinks ${run}?` });
    await expect(confirm.getByRole('button', { name: 'Yes, delete it' })).toBeFocused();
    await expectAccessible(admin, 'admin menu, deleting a category');
    await screenshot(admin, 'admin-menu-category-delete');
    await confirm.getByRole('button', { name: 'Yes, delete it' }).click();
    await expect(
      admin.getByRole('status').filter({ hasText: `The category Drinks ${run} was deleted.` }),
    ).toBeVisible();
    await expect(admin.getByRole('list', { name: 'Categories' })).not.toContainText(`Drinks ${run}`);
    await expect(admin).toHaveURL(/\/admin\/menu$/);
    expect(await categoryNames(baseURL!)).toEqual(before);
  } finally {
    await removeCategory(baseURL!, `Bar ${run}`);
    await removeCategory(baseURL!, `Drinks ${run}`);
  }
});
