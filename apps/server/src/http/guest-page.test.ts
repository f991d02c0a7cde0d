import { describe, expect, it } from 'vitest';
import { guestLanguage, guestPageHtml } from './guest-page.ts';

const HTML = '<html><head><title>Plato</title></head><body></body></html>';

describe("the guest page's preloads", () => {
  it('names the table, the session and the menu in the reader’s language, on every page of a table link', () => {
    for (const path of ['/t/AbC_12-x', '/t/AbC_12-x/menu', '/t/AbC_12-x/item/42']) {
      const html = guestPageHtml(HTML, path, 'es-MX,es;q=0.9,en;q=0.8');
      expect(html).toContain(
        '<link rel="preload" href="/api/v1/public/tables/AbC_12-x" as="fetch" crossorigin="use-credentials" />',
      );
      expect(html).toContain('href="/api/v1/guest/session"');
      expect(html).toContain('href="/api/v1/guest/menu?locale=es"');
      expect(html.indexOf('rel="preload"')).toBeLessThan(html.indexOf('</head>'));
    }
  });

  it('leaves any other page, or a path that is not a token, as it is (nothing from the URL is written unchecked)', () => {
    expect(guestPageHtml(HTML, '/staff/login', undefined)).toBe(HTML);
    expect(guestPageHtml(HTML, '/t/"><script>alert(1)</script>', undefined)).toBe(HTML);
    expect(guestPageHtml(HTML, '/t/', undefined)).toBe(HTML);
  });

  it('picks the language as the app does: the first the reader lists that the app speaks, else English', () => {
    expect(guestLanguage('hi-IN,hi;q=0.9,en-US;q=0.8')).toBe('hi');
    expect(guestLanguage('fr-FR, es;q=0.5')).toBe('es');
    expect(guestLanguage('de')).toBe('en');
    expect(guestLanguage(undefined)).toBe('en');
    expect(guestLanguage('')).toBe('en');
  });
});
