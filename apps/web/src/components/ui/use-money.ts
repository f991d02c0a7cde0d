import { useTranslation } from 'react-i18next';
import { formatMoney, minorDigits } from '../../lib/money';

/** Money in a bill's or the restaurant's currency as the reader's language writes it. */
export function useMoney(currency: string): (cents: number) => string {
  const { i18n } = useTranslation();
  return (cents) => formatMoney(cents, currency, i18n.language);
}

/** Minor units as a plain amount to edit in a field ("12.50"): what `parseMoney` reads back. */
export function amountInput(cents: number, currency: string): string {
  const digits = minorDigits(currency);
  return (cents / 10 ** digits).toFixed(digits);
}
