import { signal } from '@preact/signals';

/**
 * The guest app's routes are few and flat (`/t/:qrToken/<screen>`), so a
 * signal of the location and a matcher do what a router library would, for
 * a few hundred bytes instead of tens of kilobytes.
 */
export const location = signal(readLocation());

function readLocation() {
  return { path: window.location.pathname, search: window.location.search };
}

window.addEventListener('popstate', () => {
  location.value = readLocation();
});

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === window.location.pathname + window.location.search) return;
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  location.value = readLocation();
  window.scrollTo(0, 0);
}

export type GuestScreen = 'menu' | 'item' | 'cart' | 'orders' | 'bill';

export type GuestRoute = { qrToken: string; screen: GuestScreen | null; itemId: string | null };

/** `/t/abc` → join (screen null); `/t/abc/menu`; `/t/abc/item/<id>`; `/t/abc/cart`… Anything else: null. */
export function matchRoute(path: string): GuestRoute | null {
  const m = /^\/t\/([^/]+)(?:\/(menu|cart|orders|bill|item\/([^/]+)))?\/?$/.exec(path);
  if (!m) return null;
  const qrToken = decodeURIComponent(m[1]!);
  const screen = m[2] ? ((m[2].startsWith('item/') ? 'item' : m[2]) as GuestScreen) : null;
  return { qrToken, screen, itemId: m[3] ? decodeURIComponent(m[3]) : null };
}

export const screenPath = (qrToken: string, screen: GuestScreen | null, itemId?: string): string =>
  `/t/${encodeURIComponent(qrToken)}` +
  (screen === null ? '' : screen === 'item' ? `/item/${encodeURIComponent(itemId ?? '')}` : `/${screen}`);
