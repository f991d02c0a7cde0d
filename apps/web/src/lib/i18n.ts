import { createInstance, type i18n, type Resource } from 'i18next';
import { localStore } from './local-store';

const LANGUAGE_KEY = 'plato.language';

/**
 * The language to speak: the one the reader chose before (remembered on the
 * device), else the first of the browser's languages we have a catalog for
 * (`es-MX` → `es`), else the first supported one.
 */
export function pickLanguage(
  supported: readonly string[],
  browserLanguages: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages,
): string {
  const chosen = localStore.get(LANGUAGE_KEY);
  if (chosen && supported.includes(chosen)) return chosen;
  for (const tag of browserLanguages) {
    const primary = tag.toLowerCase().split('-')[0] ?? '';
    if (supported.includes(primary)) return primary;
  }
  return supported[0] ?? 'en';
}

const LANGUAGE_EVENT = 'plato:language';

/** Remembers the reader's choice on this device, for every surface, and tells the surfaces already open. */
export function rememberLanguage(language: string): void {
  localStore.set(LANGUAGE_KEY, language);
  if (typeof window !== 'undefined') window.dispatchEvent(new CustomEvent(LANGUAGE_EVENT, { detail: language }));
}

/** Makes `instance` switch whenever the reader picks a language it has, on whichever surface they pick it. */
export function followRememberedLanguage(instance: i18n, supported: readonly string[]): void {
  if (typeof window === 'undefined') return;
  window.addEventListener(LANGUAGE_EVENT, (event) => {
    const language = (event as CustomEvent<string>).detail;
    if (supported.includes(language) && instance.language !== language) void instance.changeLanguage(language);
  });
}

/**
 * An i18next instance for a surface's catalogs, ready at once (the catalogs
 * are bundled, so nothing loads asynchronously). English fills any gap.
 */
export function createI18n(resources: Resource, language: string): i18n {
  const instance = createInstance();
  void instance.init({
    resources,
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false }, // the UI library escapes what it renders
    initAsync: false,
    returnNull: false,
  });
  return instance;
}
