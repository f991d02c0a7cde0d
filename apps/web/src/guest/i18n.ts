import { signal } from '@preact/signals';
import { createI18n, pickLanguage, rememberLanguage } from '../lib/i18n';
import { en } from './locales/en';
import { es } from './locales/es';
import { hi } from './locales/hi';

export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'hi', label: 'हिन्दी' },
  { code: 'es', label: 'Español' },
] as const;

const initial = pickLanguage(LANGUAGES.map((l) => l.code));

export const i18n = createI18n({ en: { translation: en }, hi: { translation: hi }, es: { translation: es } }, initial);

/** The language shown; components that read it re-render when it changes. */
export const language = signal(initial);
document.documentElement.lang = initial;

export function setLanguage(code: string): void {
  void i18n.changeLanguage(code);
  rememberLanguage(code);
  document.documentElement.lang = code;
  language.value = code;
}

/**
 * The translate function, subscribed to the language: reading `language`
 * inside a component makes Preact's signals re-render it on a switch.
 */
export function useT(): typeof i18n.t {
  void language.value;
  return i18n.t;
}
