import type { SalesReportRow } from '@plato/contracts';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../lib/money';
import type { Grouping } from './report-range';

export type ReportFormat = {
  money: (cents: number) => string;
  /** A row's name as a person reads it: a day or an hour in the reader's language, a method translated. */
  rowLabel: (grouping: Grouping, row: Pick<SalesReportRow, 'key' | 'label'>) => string;
  /** Seconds as "4 min 05 s"; null (no sample yet) as "none yet". */
  duration: (seconds: number | null) => string;
  percent: (basisPoints: number) => string;
  /** An instant as the restaurant's clocks show it. */
  instant: (iso: string) => string;
  /** A `YYYY-MM-DD` of the restaurant as the reader writes a date. */
  day: (day: string) => string;
  /** The time of day of an instant (epoch milliseconds), in the restaurant's zone. */
  time: (epochMs: number) => string;
};

/** Formatting in the reader's language, money in the restaurant's currency, times in its zone. */
export function useReportFormat(currency: string, timeZone: string): ReportFormat {
  const { t, i18n } = useTranslation();
  const language = readerLocale(i18n.language);
  return useMemo(() => {
    // Report days and hours are the restaurant's wall-clock ones already: read them as UTC so nothing shifts them.
    const day = new Intl.DateTimeFormat(language, {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      timeZone: 'UTC',
    });
    const hour = new Intl.DateTimeFormat(language, {
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: 'UTC',
    });
    const instant = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone });
    const longDay = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' });
    const clock = new Intl.DateTimeFormat(language, { timeStyle: 'short', timeZone });
    const percent = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 2 });
    const wallClock = (key: string, time = 'T00') => {
      const [y = 0, m = 1, d = 1] = key.slice(0, 10).split('-').map(Number);
      return Date.UTC(y, m - 1, d, Number(time.slice(1, 3)));
    };
    return {
      money: (cents) => formatMoney(cents, currency, language),
      rowLabel: (grouping, row) => {
        switch (grouping) {
          case 'day':
            return day.format(wallClock(row.key));
          case 'hour':
            return hour.format(wallClock(row.key, row.key.slice(10)));
          case 'paymentMethod':
            return t(`methods.${row.key}`, { defaultValue: row.label });
          case 'category':
            return row.key === 'none' ? t('noCategory') : row.label;
          case 'item':
            return row.label;
        }
      },
      duration: (seconds) => {
        if (seconds === null) return t('kitchen.noTime');
        const whole = Math.round(seconds);
        if (whole < 60) return t('kitchen.seconds', { s: whole });
        return t('kitchen.minutes', { m: Math.floor(whole / 60), s: String(whole % 60).padStart(2, '0') });
      },
      percent: (basisPoints) => percent.format(basisPoints / 10_000),
      instant: (iso) => instant.format(new Date(iso)),
      day: (key) => longDay.format(wallClock(key)),
      time: (epochMs) => clock.format(epochMs),
    };
  }, [currency, timeZone, language, t]);
}

/**
 * The browser's own variant of the page's language where it has one: a
 * manager in London reads "3 Dec, 18:00" and one in Mexico "3 dic, 18:00",
 * though both pages speak the catalog's plain `en` or `es`.
 */
function readerLocale(language: string): string {
  const browser = typeof navigator === 'undefined' ? [] : navigator.languages;
  return browser.find((tag) => tag.toLowerCase().split('-')[0] === language) ?? language;
}
