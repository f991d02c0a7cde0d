/** @jsxImportSource preact */
import type { ComponentChildren } from 'preact';
import { LANGUAGES, language, setLanguage, useT } from '../i18n';
import { navigate, screenPath, type GuestRoute, type GuestScreen } from '../router';
import { cartCount, liveStatus, view } from '../store';
import { Notice } from './feedback';

const TABS: GuestScreen[] = ['menu', 'cart', 'orders', 'bill'];

/** The frame of every screen after joining: who and where, the connection, the language, the tabs. */
export function GuestShell({ route, children }: { route: GuestRoute; children: ComponentChildren }) {
  const t = useT();
  const v = view.value!;
  const active = route.screen === 'item' ? 'menu' : route.screen;
  return (
    <div class="shell">
      <header class="shell__header">
        <div class="shell__where">
          <span class="shell__restaurant">{v.restaurant.name}</span>
          <span class="shell__table">{v.table.name}</span>
        </div>
        <LanguageSelect />
      </header>
      <ConnectionStatus />
      <main class="shell__main" id="main">
        {children}
      </main>
      <nav class="tabs" aria-label={t('nav.label')}>
        {TABS.map((tab) => (
          <a
            key={tab}
            class="tabs__link"
            href={screenPath(route.qrToken, tab)}
            aria-current={active === tab ? 'page' : undefined}
            onClick={(e) => {
              e.preventDefault();
              navigate(screenPath(route.qrToken, tab));
            }}
          >
            {t(`nav.${tab}`)}
            {tab === 'cart' && cartCount.value > 0 && (
              <span class="tabs__count">
                <span aria-hidden="true">{cartCount.value}</span>
                <span class="visually-hidden">{t('nav.cartCount', { count: cartCount.value })}</span>
              </span>
            )}
          </a>
        ))}
      </nav>
      <Notice />
    </div>
  );
}

export function LanguageSelect() {
  const t = useT();
  return (
    <label class="lang">
      <span class="visually-hidden">{t('common.language')}</span>
      <select class="lang__select" value={language.value} onChange={(e) => setLanguage(e.currentTarget.value)}>
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** Shown only while the live connection is down: the guest knows updates may be late, and that we are on it. */
function ConnectionStatus() {
  const t = useT();
  const status = liveStatus.value;
  return (
    <div class="connection" role="status">
      {status === 'offline' && <p class="connection__banner">{t('connection.offline')}</p>}
    </div>
  );
}
