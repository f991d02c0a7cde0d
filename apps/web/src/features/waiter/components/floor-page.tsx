import type { FloorTable } from '@plato/contracts';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useNow } from '../../../hooks/use-now';
import { callsQuery, floorQuery, sessionOrdersQuery } from '../api/waiter-queries';
import { groupByArea } from '../table-state';
import { CallItem } from './call-item';
import { Icon } from './icon';
import { LineSummary } from './line-summary';
import { LoadFailed } from './load-failed';
import { OrderDecision } from './order-decision';
import { TableTile } from './table-tile';

/** The live floor: what needs a waiter now (calls, orders to approve, food ready), then every table by area. */
export function FloorPage() {
  const { t } = useTranslation();
  const floor = useQuery(floorQuery);
  const now = useNow(30_000);

  if (floor.isPending) return <p className="waiter-loading">{t('loading')}</p>;
  if (floor.isError) return <LoadFailed onRetry={() => void floor.refetch()} />;
  const tables = floor.data.tables;
  const open = tables.filter((table) => table.sessionId).length;
  const ready = tables.reduce((sum, table) => sum + table.readyCount, 0);

  return (
    <div className="waiter-page">
      <header className="waiter-page__header">
        <h1>{t('title')}</h1>
        <p className="muted">{t('floor.summary', { open, total: tables.length })}</p>
      </header>
      <CallsPanel tables={tables} now={now} />
      <PendingPanel tables={tables} />
      {ready > 0 && (
        <p className="ready-banner">
          <Icon name="star" />
          {t('facts.ready', { count: ready })}{' '}
          <Link to="/waiter/pass" className="button button--primary">
            {t('ready.goToPass')}
          </Link>
        </p>
      )}
      {tables.length === 0 && <p className="card empty-state">{t('floor.empty')}</p>}
      {groupByArea(tables).map((area) => (
        <section key={area.name} className="floor-area" aria-label={area.name || t('floor.noArea')}>
          <h2>{area.name || t('floor.noArea')}</h2>
          <ul className="table-grid">
            {area.tables.map((table) => (
              <li key={table.id}>
                <TableTile table={table} now={now} />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

function CallsPanel({ tables, now }: { tables: readonly FloorTable[]; now: number }) {
  const { t } = useTranslation();
  const calls = useQuery(callsQuery);
  const names = new Map(tables.map((table) => [table.id, table.name]));
  const list = calls.data?.calls ?? [];
  if (list.length === 0) return null;
  return (
    <section className="attention attention--calls" aria-labelledby="calls-heading">
      <h2 id="calls-heading">{t('calls.heading')}</h2>
      <ul className="call-list">
        {list.map((call) => (
          <CallItem key={call.id} call={call} table={names.get(call.tableId) ?? ''} now={now} />
        ))}
      </ul>
    </section>
  );
}

/** Guest orders waiting for a yes or no, read from the sessions the floor says have some. */
function PendingPanel({ tables }: { tables: readonly FloorTable[] }) {
  const { t } = useTranslation();
  const waiting = tables.filter((table) => table.sessionId && table.pendingCount > 0);
  const orders = useQueries({
    queries: waiting.map((table) => sessionOrdersQuery(table.sessionId!)),
    combine: (results) =>
      results.flatMap((result, i) =>
        (result.data?.orders ?? [])
          .filter((order) => order.status === 'PENDING')
          .map((order) => ({ order, table: waiting[i]!.name })),
      ),
  });
  if (orders.length === 0) return null;
  return (
    <section className="attention attention--pending" aria-labelledby="pending-heading">
      <h2 id="pending-heading">{t('pending.heading')}</h2>
      <ul className="pending-list">
        {orders.map(({ order, table }) => (
          <li key={order.id} className="pending-order">
            <h3>{t('pending.order', { table, number: order.number })}</h3>
            <ul className="plain-list">
              {order.lines.map((line) => (
                <li key={line.id}>
                  <LineSummary line={{ ...line, options: line.options.map((o) => o.name) }} />
                </li>
              ))}
            </ul>
            <OrderDecision order={order} table={table} />
          </li>
        ))}
      </ul>
    </section>
  );
}
