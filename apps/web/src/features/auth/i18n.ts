import { createI18n, followRememberedLanguage, pickLanguage } from '../../lib/i18n';
import { en } from './locales/en';
import { es } from './locales/es';
import { hi } from './locales/hi';

export const SHELL_LANGUAGES = ['en', 'hi', 'es'] as const;

/**
 * The staff shell's catalogs (header, home, sign-in). It follows the language chosen on any staff surface, so the
 * header speaks the same language as the page under it without a reload.
 */
export const shellI18n = createI18n(
  { en: { translation: en }, hi: { translation: hi }, es: { translation: es } },
  pickLanguage(SHELL_LANGUAGES),
);
followRememberedLanguage(shellI18n, SHELL_LANGUAGES);
