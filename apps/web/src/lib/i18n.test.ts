import { describe, expect, it } from 'vitest';
import { createI18n, pickLanguage } from './i18n';

describe('pickLanguage', () => {
  const supported = ['en', 'hi', 'es'];
  it("takes the first of the browser's languages there is a catalog for, by its primary tag", () => {
    expect(pickLanguage(supported, ['es-MX', 'en-US'])).toBe('es');
    expect(pickLanguage(supported, ['fr-FR', 'hi-IN', 'es'])).toBe('hi');
    expect(pickLanguage(supported, ['EN-gb'])).toBe('en');
  });
  it('falls back to the first supported language', () => {
    expect(pickLanguage(supported, ['fr', 'de'])).toBe('en');
    expect(pickLanguage(supported, [])).toBe('en');
  });
});

describe('createI18n', () => {
  it('translates with values and fills a missing key from English', () => {
    const i18n = createI18n(
      { en: { translation: { hi: 'Hello {{name}}', bye: 'Bye' } }, es: { translation: { hi: 'Hola {{name}}' } } },
      'es',
    );
    expect(i18n.t('hi', { name: '<Ana>' })).toBe('Hola <Ana>');
    expect(i18n.t('bye')).toBe('Bye');
  });
});
