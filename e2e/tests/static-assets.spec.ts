import { get } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';

/**
 * The built app's assets leave the server as the build compressed them
 * (brotli or gzip, by Accept-Encoding) and are cached for good, their names
 * carrying their content hash; the page itself is revalidated on every load.
 */
test('assets are sent precompressed by Accept-Encoding and cached as immutable; the page is revalidated', async ({
  page,
  request,
}) => {
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
  });
  await page.goto('/t/not-a-real-table-code');
  await expect(page.getByRole('heading', { name: 'This table code is not valid' })).toBeVisible();
  const main = scripts.find((p) => p.startsWith('/assets/guest-'));
  if (!main) throw new Error(`no main script among ${scripts.join(', ')}`);

  const plain = await request.get(main, { headers: { 'accept-encoding': 'identity' } });
  expect(plain.headers()['content-encoding']).toBeUndefined();
  expect(plain.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  const original = await plain.body();

  for (const [encoding, decode] of [
    ['br', brotliDecompressSync],
    ['gzip', gunzipSync],
  ] as const) {
    const res = await rawGet(new URL(main, page.url()), encoding);
    expect(res.headers['content-encoding']).toBe(encoding);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.body.length).toBeLessThan(original.length / 2);
    expect(decode(res.body).equals(original)).toBe(true);
  }

  // Every asset, small ones without a .br beside them included, goes as a file of known length: none is
  // compressed per request (that would stream it chunked, with no Content-Length).
  for (const path of new Set(scripts)) {
    const res = await rawGet(new URL(path, page.url()), 'gzip, deflate, br');
    expect(res.headers['content-length'], path).toBe(String(res.body.length));
  }

  const html = await request.get('/t/not-a-real-table-code');
  expect(html.headers()['cache-control']).toBe('no-cache');
});

/** The bytes as sent: HTTP clients (Playwright's, fetch) decode a compressed body before anyone sees it. */
function rawGet(url: URL, encoding: string): Promise<{ headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': encoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    }).on('error', reject);
  });
}
