import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { GuestMenuResponse } from '@plato/contracts';
import { expect, test } from '../support/guest-table.ts';

test('from opening the table link to a placed order of one plain item: at most 8 taps, 4 of them the PIN', async ({
  page,
  seat,
}) => {
  const table = await seat('FAMILY');
  // Every tap and key press the guest makes, counted in the page.
  await page.addInitScript(`
    globalThis.__counts = { taps: 0, keys: 0 };
    addEventListener('pointerdown', (e) => { if (e.isTrusted) globalThis.__counts.taps++; }, true);
    addEventListener('keydown', (e) => { if (e.isTrusted) globalThis.__counts.keys++; }, true);
  `);
  await page.goto(table.path);
  await expect(page.getByLabel(/Table PIN/)).toBeFocused(); // no tap to reach the PIN
  await page.keyboard.type(table.pin);
  await page.getByRole('button', { name: 'Add French onion soup' }).click();
  await page.getByRole('link', { name: /View cart · 1/ }).click();
  await page.getByRole('button', { name: /Place order/ }).click();
  await expect(page.getByRole('heading', { name: /^Order \d+$/ })).toBeVisible();

  const { taps, keys } = (await page.evaluate('globalThis.__counts')) as { taps: number; keys: number };
  expect(keys).toBe(4);
  expect(taps + keys).toBeLessThanOrEqual(8);
  test.info().annotations.push({ type: 'taps', description: `${taps + keys} (${keys} PIN digits)` });
});

type ManifestChunk = {
  file: string;
  name?: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
  isEntry?: boolean;
};
const DIST = join(import.meta.dirname, '..', '..', 'apps', 'web', 'dist');

/** A chunk and every chunk it imports statically, as the build manifest has them. */
function staticClosure(manifest: Record<string, ManifestChunk>, entry: string) {
  const js = new Set<string>();
  const css = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key]!;
    if (js.has(chunk.file)) return;
    js.add(chunk.file);
    for (const c of chunk.css ?? []) css.add(c);
    for (const i of chunk.imports ?? []) visit(i);
  };
  visit(entry);
  return { js, css };
}

/**
 * The guest entry's first load (its chunk and what it imports statically), and the live client, which the page
 * imports once the phone has joined and the browser is idle, so it is not part of the first load.
 */
function guestFirstLoad() {
  const manifest = JSON.parse(readFileSync(join(DIST, '.vite', 'guest-manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const { js, css } = staticClosure(manifest, 'guest.html');
  const liveKey = manifest['guest.html']!.dynamicImports?.find((key) => manifest[key]!.name === 'live-client');
  if (!liveKey) throw new Error('the guest entry does not import the live client lazily');
  const live = new Set([...staticClosure(manifest, liveKey).js].filter((file) => !js.has(file)));
  const gzip = (files: Set<string>) =>
    [...files].reduce((sum, f) => sum + gzipSync(readFileSync(join(DIST, f)), { level: 9 }).length, 0);
  return { js, css, live, jsGzip: gzip(js), cssGzip: gzip(css) };
}

test("a guest's phone loads the guest entry only, within 100 KB of gzipped JavaScript", async ({ page, seat }) => {
  const table = await seat('FAMILY');
  const budget = guestFirstLoad();
  test.info().annotations.push({
    type: 'first load',
    description: `JS ${(budget.jsGzip / 1024).toFixed(1)} KB gzip, CSS ${(budget.cssGzip / 1024).toFixed(1)} KB gzip`,
  });
  expect(budget.jsGzip).toBeLessThanOrEqual(100 * 1024);
  // One script and one stylesheet before the menu: each file more is a round trip more on a phone's slow network.
  expect([budget.js.size, budget.css.size]).toEqual([1, 1]);
  for (const file of budget.js) expect(readFileSync(join(DIST, file), 'utf8')).not.toContain('react.transitional');

  const scripts: string[] = [];
  const images: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname.slice(1));
    if (r.resourceType() === 'image') images.push(r.url());
  });
  await page.goto(table.path);
  await expect(page.getByLabel(/Table PIN/)).toBeVisible();
  await page.getByLabel(/Table PIN/).fill(table.pin);
  await expect(page.getByRole('navigation', { name: 'Menu categories' })).toBeVisible();
  // The live client comes after the menu is drawn, when the browser is idle: waited for, so the set is complete.
  await expect.poll(() => [...budget.live].every((file) => scripts.includes(file))).toBe(true);
  expect(new Set(scripts)).toEqual(new Set([...budget.js, ...budget.live]));
  // Photos far below the first screen wait until the guest scrolls near them.
  const menu = (await page.evaluate("fetch('/api/v1/guest/menu').then((r) => r.json())")) as GuestMenuResponse;
  const photos = menu.categories.flatMap((c) => c.items).filter((i) => i.imageUrl).length;
  expect(photos).toBeGreaterThan(15);
  expect(images.length).toBeGreaterThan(0);
  expect(images.length).toBeLessThan(photos);
});
