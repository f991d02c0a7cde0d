import type { SalesReportResponse, SalesReportRow } from '@plato/contracts';
import { useTranslation } from 'react-i18next';
import type { Grouping } from '../report-range';
import type { ReportFormat } from '../use-report-format';

type Figures = SalesReportResponse['totals'];
type Column = { field: keyof Figures; header: string; money: boolean };

const SALES: Column[] = [
  { field: 'quantity', header: 'table.quantity', money: false },
  { field: 'grossCents', header: 'table.gross', money: true },
  { field: 'discountCents', header: 'table.discounts', money: true },
  { field: 'netCents', header: 'table.net', money: true },
  { field: 'taxCents', header: 'table.tax', money: true },
  { field: 'serviceCents', header: 'table.service', money: true },
  { field: 'salesCents', header: 'table.sales', money: true },
  { field: 'voidedCents', header: 'table.voided', money: true },
];
const MONEY: Column[] = [
  { field: 'payments', header: 'table.payments', money: false },
  { field: 'paidCents', header: 'table.paid', money: true },
  { field: 'tipsCents', header: 'table.tips', money: true },
  { field: 'roundingCents', header: 'table.rounding', money: true },
  { field: 'refundedCents', header: 'table.refunded', money: true },
];

/** Which figures a grouping carries: items and categories no payments, payment methods no sales (the contract). */
const COLUMNS: Record<Grouping, Column[]> = {
  day: [...SALES, ...MONEY.filter((c) => c.field !== 'payments' && c.field !== 'roundingCents')],
  hour: [...SALES, ...MONEY.filter((c) => c.field !== 'payments' && c.field !== 'roundingCents')],
  item: SALES,
  category: SALES,
  paymentMethod: MONEY,
};

type SalesTableProps = { title: string; report: SalesReportResponse; format: ReportFormat };

/** The chart's figures as a table: what screen readers read, and every figure the chart leaves out. */
export function SalesTable({ title, report, format }: SalesTableProps) {
  const { t } = useTranslation();
  const columns = COLUMNS[report.groupBy];
  const cell = (column: Column, figures: Figures) =>
    column.money ? format.money(figures[column.field]) : String(figures[column.field]);

  return (
    // Scrolls sideways on a tablet; focusable so a keyboard can scroll it too.
    <div className="table-scroll reports__table" role="region" aria-label={t('table.scroll', { title })} tabIndex={0}>
      <table className="data-table">
        <caption className="visually-hidden">{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t(`grouping.${report.groupBy}`)}</th>
            {columns.map((c) => (
              <th key={c.field} scope="col" className="data-table__number">
                {t(c.header)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length + 1} className="empty-state">
                {t('table.empty')}
              </td>
            </tr>
          ) : (
            report.rows.map((row: SalesReportRow) => (
              <tr key={row.key}>
                <th scope="row">{format.rowLabel(report.groupBy, row)}</th>
                {columns.map((c) => (
                  <td key={c.field} className="data-table__number">
                    {cell(c, row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('table.total')}</th>
            {columns.map((c) => (
              <td key={c.field} className="data-table__number">
                {cell(c, report.totals)}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
