const formats = new Map<string, Intl.NumberFormat>();
const digitsOf = new Map<string, number>();

// A currency's minor digits are ISO 4217's, the same in every locale: they are read off the first formatter made
// for it, never off one made only to ask. Making a formatter is not free: the page's first one costs a phone
// tens of milliseconds (the ICU number data loads), each further one a little more.
function formatFor(currency: string, locale: string | undefined): Intl.NumberFormat {
  const key = `${locale ?? ''}|${currency}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formats.set(key, format);
    if (!digitsOf.has(currency)) digitsOf.set(currency, format.resolvedOptions().maximumFractionDigits ?? 2);
  }
  return format;
}

/** How many minor units a currency has (EUR 2, JPY 0, KWD 3), as Intl knows it. */
export function minorDigits(currency: string): number {
  return digitsOf.get(currency) ?? (formatFor(currency, 'en'), digitsOf.get(currency)!);
}

/**
 * An integer amount of minor units as the reader's locale writes money in the
 * restaurant's currency: `formatMoney(1250, 'EUR', 'es')` → "12,50 €".
 */
export function formatMoney(cents: number, currency: string, locale?: string): string {
  return formatFor(currency, locale).format(cents / 10 ** minorDigits(currency));
}

/** A typed amount ("12.5", "12,50") back to minor units; NaN when it is not an amount. */
export function parseMoney(input: string, currency: string): number {
  const cleaned = input.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(cleaned)) return Number.NaN;
  const digits = minorDigits(currency);
  const [whole = '0', fraction = ''] = cleaned.split('.');
  if (fraction.length > digits) return Number.NaN;
  return Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}
