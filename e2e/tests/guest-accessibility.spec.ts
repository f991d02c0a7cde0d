import type { GuestMenuResponse } from '@plato/contracts';
import type { Page } from '@playwright/test';
import { PHONE, expect, test, expectAccessible, phone, screenshot, staff } from '../support/guest-table.ts';

/** What a reader of each language sees: the spec finds things as they would, in their words. */
const LANGUAGES = {
  en: {
    locale: 'en-GB',
    pin: /Table PIN/,
    wrong: 'Wrong PIN',
    categories: 'Menu categories',
    starters: 'Starters',
    allergens: 'Allergens',
    add: 'Add French onion soup',
    place: /Place order/,
    callWaiter: 'Call the waiter',
    equalPart: 'An equal part',
    closed: 'Table closed. Thank you!',
  },
  hi: {
    locale: 'hi-IN',
    pin: /टेबल PIN/,
    wrong: 'गलत PIN',
    categories: 'मेन्यू की श्रेणियाँ',
    starters: 'स्टार्टर',
    allergens: 'एलर्जेन',
    add: 'French onion soup जोड़ें',
    place: /ऑर्डर करें/,
    callWaiter: 'वेटर को बुलाएँ',
    equalPart: 'बराबर हिस्सा',
    closed: 'टेबल बंद हो गई। धन्यवाद!',
  },
  es: {
    locale: 'es-MX',
    pin: /PIN de la mesa/,
    wrong: 'PIN incorrecto',
    categories: 'Secciones de la carta',
    starters: 'Entrantes',
    allergens: 'Alérgenos',
    add: 'Añadir French onion soup',
    place: /Pedir/,
    callWaiter: 'Llamar al camarero',
    equalPart: 'Una parte igual',
    closed: 'Mesa cerrada. ¡Gracias!',
  },
} as const;

for (const [code, words] of Object.entries(LANGUAGES)) {
  test(`every guest screen in ${code}, picked from the browser's language: no serious or critical axe violation`, async ({
    browser,
    baseURL,
    seat,
  }) => {
    // Eight screens, each scanned by axe and photographed: 21-30 s on CI's two cores, and the
    // first spec of the run also pays for a cold browser and a cold server.
    test.setTimeout(90_000);
    const table = await seat('FAMILY');
    const page = await phone(browser, baseURL!, words.locale);
    const check = async (screen: string) => {
      await expectAccessible(page, `${screen} (${code})`);
      await screenshot(page, `${screen}-${code}`);
    };

    await page.goto(table.path);
    await expect(page.locator('html')).toHaveAttribute('lang', code);
    await expect(page.getByLabel(words.pin)).toBeVisible();
    await check('join');
    await page.getByLabel(words.pin).fill(table.pin === '0000' ? '1111' : '0000');
    await expect(page.getByRole('alert')).toContainText(words.wrong);
    await check('join-wrong-pin');

    await page.getByLabel(words.pin).fill(table.pin);
    // The restaurant's own translations of its menu, where it has them.
    await expect(
      page.getByRole('navigation', { name: words.categories }).getByRole('link', { name: words.starters }),
    ).toBeVisible();
    await check('menu');
    await page.getByRole('button', { name: words.allergens }).click();
    await check('menu-allergens');

    const burger = await itemId(page, 'Plato burger');
    await page.goto(`${table.path}/item/${burger}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Plato burger');
    await check('item');

    await page.goto(`${table.path}/menu`);
    await page.getByRole('button', { name: words.add }).click();
    await page.goto(`${table.path}/cart`);
    await expect(page.getByRole('button', { name: words.place })).toBeVisible();
    await check('cart');

    await page.getByRole('button', { name: words.place }).click();
    await expect(page).toHaveURL(/\/orders$/);
    await page.getByRole('button', { name: words.callWaiter }).click();
    await check('orders');

    await page.goto(`${table.path}/bill`);
    await page.getByLabel(words.equalPart).check();
    await check('bill');

    const manager = await staff(baseURL!, 'MANAGER');
    await manager.post(`/api/v1/sessions/${table.sessionId}/close`, { data: { reason: 'accessibility check' } });
    await expect(page.getByRole('heading', { name: words.closed })).toBeVisible();
    await check('closed');
    await page.context().close();
  });
}

test('the language can be switched on the phone and is remembered', async ({ browser, baseURL, seat }) => {
  const table = await seat('FAMILY');
  const page = await phone(browser, baseURL!, 'en-US');
  await page.goto(table.path);
  await page.getByLabel('Language').selectOption('es');
  await expect(page.getByLabel(LANGUAGES.es.pin)).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'es');
  await page.reload();
  await expect(page.getByLabel(LANGUAGES.es.pin)).toBeVisible();
  await page.getByLabel('Idioma').selectOption('hi');
  await expect(page.getByLabel(LANGUAGES.hi.pin)).toBeVisible();
  await page.context().close();
});

async function itemId(page: Page, name: string): Promise<string> {
  const menu = (await page.evaluate("fetch('/api/v1/guest/menu').then((r) => r.json())")) as GuestMenuResponse;
  return menu.categories.flatMap((c) => c.items).find((i) => i.name === name)!.id;
}

test('at 200 % zoom (a 390 px phone is 195 CSS px wide) no screen scrolls sideways', async ({
  browser,
  baseURL,
  seat,
}) => {
  const table = await seat('FAMILY');
  const context = await browser.newContext({ ...PHONE, viewport: { width: 195, height: 422 }, baseURL });
  const page = await context.newPage();
  const fitsWidth = async (screen: string) => {
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    expect(overflow, `${screen} scrolls sideways by ${String(overflow)} px`).toBeLessThanOrEqual(0);
    // The tab bar is fixed, so it cannot scroll: its labels must fit as they are.
    const clipped = await page
      .getByRole('navigation', { name: 'Table' })
      .getByRole('link')
      .evaluateAll((links) => links.filter((l) => l.scrollWidth > l.clientWidth).map((l) => l.textContent));
    if (screen !== 'join') expect(clipped, `${screen}: tab labels cut off`).toEqual([]);
  };
  await page.goto(table.path);
  await fitsWidth('join');
  await page.getByLabel(/Table PIN/).fill(table.pin);
  await expect(page.getByRole('navigation', { name: 'Menu categories' })).toBeVisible();
  await fitsWidth('menu');
  await page.getByRole('button', { name: 'Add French onion soup' }).click();
  await page.goto(`${table.path}/item/${await itemId(page, 'Plato burger')}`);
  await fitsWidth('item');
  for (const screen of ['cart', 'orders', 'bill']) {
    await page.goto(`${table.path}/${screen}`);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await fitsWidth(screen);
  }
  await screenshot(page, 'bill-zoom-200');
  await context.close();
});
