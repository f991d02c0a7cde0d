import { createI18n, pickLanguage } from '../../lib/i18n';
import { en } from './locales/en';
import { es } from './locales/es';
import { hi } from './locales/hi';

export const KITCHEN_LANGUAGES = ['en', 'hi', 'es'] as const;

/** The kitchen screens' i18next instance (their own catalogs, so each surface loads only its strings). */
export const kitchenI18n = createI18n(
  { en: { translation: en }, hi: { translation: hi }, es: { translation: es } },
  pickLanguage(KITCHEN_LANGUAGES),
);
