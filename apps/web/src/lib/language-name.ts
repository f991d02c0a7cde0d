const names = new Map<string, string>();

/**
 * A language's name, by default as its own speakers write it ("Español", "हिन्दी": what a language picker shows),
 * or in the reader's language (`languageName('es', 'en')` → "Spanish": what a sentence in the page says).
 */
export function languageName(locale: string, displayIn: string = locale): string {
  const key = `${displayIn}|${locale}`;
  let name = names.get(key);
  if (!name) {
    try {
      name = new Intl.DisplayNames([displayIn], { type: 'language' }).of(locale) ?? locale;
    } catch {
      name = locale;
    }
    // A picker lists names as headings ("Español"); in a sentence the reader's language decides ("en español").
    if (displayIn === locale) name = name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
    names.set(key, name);
  }
  return name;
}
