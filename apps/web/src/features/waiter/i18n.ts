import { createI18n, pickLanguage } from '../../lib/i18n';
import { en } from './locales/en';
import { es } from './locales/es';
import { hi } from './locales/hi';

export const WAITER_LANGUAGES = ['en', 'hi', 'es'] as const;

/** The floor's own catalogs (one i18next instance per surface keeps each surface's strings in its chunk). */
export const waiterI18n = createI18n(
  { en: { translation: en }, hi: { translation: hi }, es: { translation: es } },
  pickLanguage(WAITER_LANGUAGES),
);
