import type { OrderLine } from '@plato/contracts';
import { useTranslation } from 'react-i18next';

/** "2 × Plato burger", its options and note: how a line reads wherever it is listed. */
export function LineSummary({ line }: { line: Pick<OrderLine, 'quantity' | 'name' | 'note'> & { options: string[] } }) {
  const { t } = useTranslation();
  return (
    <span className="line-summary">
      <span className="line-summary__name">{t('order.line', { quantity: line.quantity, name: line.name })}</span>
      {line.options.length > 0 && <span className="line-summary__options">{line.options.join(', ')}</span>}
      {line.note && <span className="line-summary__note">{t('orders.note', { note: line.note })}</span>}
    </span>
  );
}
