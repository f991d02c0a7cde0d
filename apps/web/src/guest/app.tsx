/** @jsxImportSource preact */
import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../lib/api-client';
import { guestApi } from './api';
import { BillScreen } from './bill/bill-screen';
import { CartScreen } from './cart/cart-screen';
import { resumePendingOrder } from './cart/place-order';
import { i18n, language, useT } from './i18n';
import { JoinScreen } from './join/join-screen';
import { ItemScreen } from './menu/item-screen';
import { MenuScreen } from './menu/menu-screen';
import { OrdersScreen } from './orders/orders-screen';
import { location, matchRoute, navigate, screenPath, type GuestRoute } from './router';
import { ClosedScreen } from './shell/closed-screen';
import { GuestShell } from './shell/guest-shell';
import { Loading, Notice } from './shell/feedback';
import {
  announce,
  closed,
  ensureMenu,
  loadMenu,
  publicTable,
  recallClosed,
  refreshSession,
  setTable,
  startLive,
  view,
} from './store';

export function GuestApp() {
  const t = useT();
  const route = matchRoute(location.value.path);
  if (!route) {
    return (
      <main class="guest-center">
        <h1>{t('join.invalidTitle')}</h1>
        <p>{t('join.invalidHelp')}</p>
      </main>
    );
  }
  return <TablePage key={route.qrToken} route={route} />;
}

type Phase = 'loading' | 'ready' | 'invalid' | 'error';

function TablePage({ route }: { route: GuestRoute }) {
  const t = useT();
  const [phase, setPhase] = useState<Phase>('loading');
  const joined = view.value !== null;

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      try {
        // A returning phone's menu is asked for with its session, not after it (one round trip fewer on a
        // slow network); a phone that is not a guest yet is refused it, which is no error here.
        const menuLoaded = loadMenu(language.value).catch(() => undefined);
        const [table, isGuest] = await Promise.all([
          guestApi.publicTable(route.qrToken).catch((error: unknown) => {
            // A mistyped, unknown or rotated code is an expected outcome for a guest, not an app error.
            if (error instanceof ApiError && (error.status === 400 || error.status === 404)) return null;
            throw error;
          }),
          refreshSession(),
        ]);
        // A guest's first screen is the menu: drawn with it in one paint, not as a frame of "Loading…" before it
        // (its request went out with the page's, so this seldom waits).
        if (isGuest) await menuLoaded;
        if (cancelled) return;
        setTable(route.qrToken, table);
        if (!table) return setPhase('invalid');
        // A cookie from another table (an earlier visit) does not let this table's page skip the PIN.
        if (isGuest && view.value?.table.name !== table.table.name) view.value = null;
        // Back on the page of a table that closed while this phone sat at it (and no one has opened it since).
        if (!isGuest && !table.sessionOpen) closed.value = recallClosed(route.qrToken);
        setPhase('ready');
      } catch {
        if (!cancelled) setPhase('error');
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [route.qrToken]);

  // Once the phone is a guest: the live socket, the menu in the reader's language, an order a reload interrupted.
  useEffect(() => {
    if (!joined) return;
    // The socket once the page is drawn and the browser is idle: the menu is what the guest waits for.
    const idle = window.requestIdleCallback ?? ((fn: () => void) => window.setTimeout(fn, 200));
    idle(() => void startLive(), { timeout: 1500 });
    void resumePendingOrder().then((order) => {
      if (order) announce(i18n.t('cart.placed', { number: order.number }));
    });
  }, [joined]);
  useEffect(() => {
    if (joined) void ensureMenu(language.value).catch(() => undefined);
  }, [joined, language.value]);

  // A guest on the join page goes to the menu; a stranger on an inner page goes to the join page.
  useEffect(() => {
    if (phase !== 'ready' || closed.value) return;
    if (joined && route.screen === null) {
      navigate(screenPath(route.qrToken, landingScreen()) + location.value.search, { replace: true });
    }
    if (!joined && route.screen !== null) navigate(screenPath(route.qrToken, null), { replace: true });
  }, [phase, joined, route.screen]);

  if (phase === 'loading') return <Loading />;
  if (phase === 'error') {
    return (
      <main class="guest-center">
        <h1>{t('errors.unreachableTitle')}</h1>
        <p>{t('errors.network')}</p>
        <button class="button button--primary" type="button" onClick={() => window.location.reload()}>
          {t('errors.retry')}
        </button>
      </main>
    );
  }
  if (phase === 'invalid') {
    return (
      <main class="guest-center">
        <h1>{t('join.invalidTitle')}</h1>
        <p>{t('join.invalidHelp')}</p>
      </main>
    );
  }
  if (closed.value) return <ClosedScreen receiptUrl={closed.value.receiptUrl} />;
  if (!joined) {
    return (
      <>
        <JoinScreen qrToken={route.qrToken} table={publicTable.value!} />
        <Notice />
      </>
    );
  }
  // A guest on the table's bare link is on its way to the menu (the effect above fixes the address): drawn at once,
  // so a returning phone never flashes the join form first.
  const shown: GuestRoute = route.screen === null ? { ...route, screen: landingScreen() } : route;
  return (
    <GuestShell route={shown}>
      {shown.screen === 'menu' && <MenuScreen qrToken={route.qrToken} />}
      {shown.screen === 'item' && <ItemScreen qrToken={route.qrToken} itemId={route.itemId!} />}
      {shown.screen === 'cart' && <CartScreen qrToken={route.qrToken} />}
      {shown.screen === 'orders' && <OrdersScreen />}
      {shown.screen === 'bill' && <BillScreen />}
    </GuestShell>
  );
}

/** Where a guest opening the table's link lands: the menu, or back from the payment provider's page (`?payment=<id>`), the bill and its confirmation. */
const landingScreen = (): 'menu' | 'bill' =>
  new URLSearchParams(location.value.search).has('payment') ? 'bill' : 'menu';
