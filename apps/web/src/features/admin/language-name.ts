const names = new Map<string, string>();

/** A language's name as its own speakers write it ("Español", "हिन्दी"), whatever language the page is in. */
export function languageName(locale: string): string {
  let name = names.get(locale);
  if (!name) {
    try {
      name = new Intl.DisplayNames([locale], { type: 'language' }).of(locale) ?? locale;
    } catch {
      name = locale;
    }
    name = name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
    names.set(locale, name);
  }
  return name;
}
