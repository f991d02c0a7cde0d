import type { SalesReportResponse } from '@plato/contracts';
import { stringify } from 'csv-stringify/sync';

/*
 * The sales report as a spreadsheet opens it: one row per group then a
 * TOTAL row, money in the currency's major unit with its own decimals
 * ("12.50" EUR, "1250" JPY), never a float. Cells a spreadsheet would run
 * as a formula (an item named "=1+1") are escaped.
 */

const COLUMNS = [
  ['quantity', 'quantity'],
  ['grossCents', 'gross'],
  ['discountCents', 'discounts'],
  ['netCents', 'net'],
  ['taxCents', 'tax'],
  ['serviceCents', 'service'],
  ['salesCents', 'sales'],
  ['voidedLines', 'voided_lines'],
  ['voidedCents', 'voided'],
  ['payments', 'payments'],
  ['paidCents', 'paid'],
  ['tipsCents', 'tips'],
  ['roundingCents', 'cash_rounding'],
  ['refunds', 'refunds'],
  ['refundedCents', 'refunded'],
  ['refundedTipsCents', 'refunded_tips'],
] as const;

/** Minor units as a decimal string with the currency's digits, in integer arithmetic. */
export function majorUnits(cents: number, digits: number): string {
  if (digits === 0) return String(cents);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const unit = 10 ** digits;
  return `${sign}${Math.floor(abs / unit)}.${String(abs % unit).padStart(digits, '0')}`;
}

export const currencyDigits = (currency: string): number =>
  new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;

export function salesCsv(report: SalesReportResponse): string {
  const digits = currencyDigits(report.currency);
  const cell = (field: (typeof COLUMNS)[number][0], value: number) =>
    field.endsWith('Cents') ? majorUnits(value, digits) : String(value);
  const row = (key: string, label: string, figures: SalesReportResponse['totals']) => [
    key,
    label,
    ...COLUMNS.map(([field]) => cell(field, figures[field])),
  ];
  const records = [...report.rows.map((r) => row(r.key, r.label, r)), row('TOTAL', '', report.totals)];
  return stringify(records, {
    header: true,
    // Money columns say their currency: a file sent on by mail still says what its amounts are in.
    columns: [
      report.groupBy,
      'label',
      ...COLUMNS.map(([field, name]) => (field.endsWith('Cents') ? `${name}_${report.currency}` : name)),
    ],
    escape_formulas: true,
  });
}

export const salesCsvFilename = (report: SalesReportResponse, from: string, to: string): string =>
  `sales-${report.groupBy}-${from.slice(0, 10)}-${to.slice(0, 10)}.csv`;
