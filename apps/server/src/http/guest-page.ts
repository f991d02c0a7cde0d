/*
 * The guest's page (guest.html) for a table link, with the data it will ask
 * for first named in `<link rel="preload">`: the browser fetches the table,
 * the session and the menu while it downloads the scripts, instead of one
 * round trip after them — on a phone's slow network, the difference between
 * the menu at once and the menu a second later. The app's own requests then
 * find them in the preload cache (same URL, same credentials mode).
 */

/** The guest app's catalogs; its pick is the same (a remembered choice aside, which the server cannot see). */
const GUEST_LANGUAGES = ['en', 'hi', 'es'] as const;

/** The first of the reader's languages the guest app speaks (`es-MX` → `es`), as the app picks it from `navigator.languages`. */
export function guestLanguage(acceptLanguage: string | undefined): string {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const primary = part.split(';')[0]!.trim().toLowerCase().split('-')[0]!;
    if ((GUEST_LANGUAGES as readonly string[]).includes(primary)) return primary;
  }
  return GUEST_LANGUAGES[0];
}

const QR_TOKEN = /^\/t\/([A-Za-z0-9_-]{1,64})(?:\/|$)/;

const preload = (href: string) => `<link rel="preload" href="${href}" as="fetch" crossorigin="use-credentials" />`;

/** guest.html for `path` with its preloads; the page unchanged when the path names no table. */
export function guestPageHtml(html: string, path: string, acceptLanguage: string | undefined): string {
  const token = QR_TOKEN.exec(path)?.[1];
  if (!token) return html;
  const links = [
    preload(`/api/v1/public/tables/${token}`),
    preload('/api/v1/guest/session'),
    preload(`/api/v1/guest/menu?locale=${guestLanguage(acceptLanguage)}`),
  ].join('');
  return html.replace('</head>', `${links}</head>`);
}
