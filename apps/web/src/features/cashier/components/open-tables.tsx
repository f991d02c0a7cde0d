import type { FloorTable } from '@plato/contracts';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { Alert } from '../../../components/ui/alert';
import { Spinner } from '../../../components/ui/spinner';
import { errorMessage } from '../../../lib/error-message';
import { formatMoney } from '../../../lib/money';
import { billQuery, floorQuery } from '../api/till-queries';

type OpenTable = FloorTable & { sessionId: string };

/**
 * Every table with an open session and its balance. The floor says which
 * sessions are open; each bill is its own cached query, so a live bill update
 * changes one row without reading the rest.
 */
export function OpenTables({ selected }: { selected: string | undefined }) {
  const { t, i18n } = useTranslation();
  const floor = useQuery(floorQuery);
  const open = (floor.data?.tables ?? []).filter((table): table is OpenTable => table.sessionId !== undefined);
  const bills = useQueries({ queries: open.map((table) => billQuery(table.sessionId)) });

  return (
    <nav className="card till__tables" aria-labelledby="open-tables-title">
      <h2 id="open-tables-title">{t('openTables.title')}</h2>
      {floor.isPending && <Spinner />}
      {floor.isError && <Alert>{errorMessage(floor.error)}</Alert>}
      {floor.isSuccess && open.length === 0 && <p className="empty-state">{t('openTables.none')}</p>}
      <ul className="till__table-list">
        {open.map((table, index) => {
          const bill = bills[index]?.data;
          return (
            <li key={table.sessionId}>
              <NavLink
                to={`/cashier/${table.sessionId}`}
                className="till__table"
                aria-current={table.sessionId === selected ? 'page' : undefined}
              >
                <span className="till__table-name">{table.name}</span>
                <span className="till__table-meta">
                  {t('openTables.guests', { count: table.guestCount })}
                  {table.status === 'BILL_REQUESTED' && <span className="badge">{t('openTables.billAsked')}</span>}
                </span>
                <span className="till__table-balance">
                  {bill
                    ? t('openTables.balance', { amount: formatMoney(bill.balanceCents, bill.currency, i18n.language) })
                    : '…'}
                </span>
              </NavLink>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
