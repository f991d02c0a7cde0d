import type { i18n } from 'i18next';
import { useEffect } from 'react';

/**
 * Keeps the page's `lang` on the language `instance` speaks, from the first render and through every switch:
 * screen readers choose their voice and pronunciation by it (WCAG 3.1.1), and a page in Hindi marked `en` is read
 * as English.
 */
export function useDocumentLanguage(instance: i18n): void {
  useEffect(() => {
    const follow = (language: string) => {
      document.documentElement.lang = language;
    };
    follow(instance.resolvedLanguage ?? instance.language);
    instance.on('languageChanged', follow);
    return () => instance.off('languageChanged', follow);
  }, [instance]);
}
