import type { Translations } from '@plato/contracts';

/** Locale negotiation and per-field translation for guest-facing menu text. */

/** `fr-fr` → `fr-FR`, `EN` → `en`: translations are keyed in this form (the Locale contract). */
export function canonicalLocale(tag: string): string {
  const [lang = '', region] = tag.trim().split(/[-_]/);
  return region ? `${lang.toLowerCase()}-${region.toUpperCase()}` : lang.toLowerCase();
}

const primaryOf = (locale: string): string => locale.split('-')[0]!;

/**
 * The language tags of an Accept-Language header, most wanted first (equal
 * weights keep the header's order); `*` and `q=0` mean nothing to match.
 */
export function parseAcceptLanguage(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((t) => t.tag !== '' && t.tag !== '*' && t.q > 0 && /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(t.tag))
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((t) => canonicalLocale(t.tag));
}

/**
 * The first wanted locale the menu can be shown in — the restaurant's own
 * (the base names) or one with translations — matching `fr-CA` to `fr` and
 * `fr` to `fr-FR`; the restaurant's locale when nothing matches.
 */
export function chooseLocale(
  wanted: readonly string[],
  translated: ReadonlySet<string>,
  restaurantLocale: string,
): string {
  const known = [restaurantLocale, ...translated];
  for (const tag of wanted) {
    const exact = known.find((k) => k === tag);
    if (exact) return exact;
    const primary = primaryOf(tag);
    const sameLanguage = known.find((k) => k === primary) ?? known.find((k) => primaryOf(k) === primary);
    if (sameLanguage) return sameLanguage;
  }
  return restaurantLocale;
}

/** A field in `locale` where a translation gives it (exact, then the bare language), else the base text. */
export function translated(
  translations: Translations,
  locale: string,
  field: 'name' | 'description',
  base: string,
): string {
  return translations[locale]?.[field] ?? translations[primaryOf(locale)]?.[field] ?? base;
}
