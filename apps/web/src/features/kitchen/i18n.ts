import { createI18n, pickLanguage, rememberLanguage } from '../../lib/i18n';
import { en } from './locales/en';
import { es } from './locales/es';
import { hi } from './locales/hi';

export const KITCHEN_LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'hi', label: 'हिन्दी' },
  { code: 'es', label: 'Español' },
] as const;

/** The kitchen screens' i18next instance (their own catalogs, so each surface loads only its strings). */
export const kitchenI18n = createI18n(
  { en: { translation: en }, hi: { translation: hi }, es: { translation: es } },
  pickLanguage(KITCHEN_LANGUAGES.map((l) => l.code)),
);

export function setKitchenLanguage(code: string): void {
  void kitchenI18n.changeLanguage(code);
  rememberLanguage(code);
  document.documentElement.lang = code;
}
