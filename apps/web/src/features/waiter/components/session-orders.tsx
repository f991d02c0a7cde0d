import type { Order, OrderLine } from '@plato/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button';
import { holdOrFire, moveLine } from '../api/waiter-actions';
import { sessionOrdersQuery, waiterKeys } from '../api/waiter-queries';
import { LineSummary } from './line-summary';
import { LoadFailed } from './load-failed';
import { OrderDecision } from './order-decision';
import { ReasonForm } from './reason-form';
import { ErrorLine } from './error-line';

/** The session's orders, newest first, with what a waiter does to them: approve, hold and fire, serve, void. */
export function SessionOrders({ sessionId, table }: { sessionId: string; table: string }) {
  const { t } = useTranslation();
  const orders = useQuery(sessionOrdersQuery(sessionId));
  return (
    <section className="waiter-section" aria-labelledby="orders-heading">
      <h2 id="orders-heading">{t('orders.heading')}</h2>
      {orders.isPending && <p>{t('loading')}</p>}
      {orders.isError && <LoadFailed onRetry={() => void orders.refetch()} />}
      {orders.data?.orders.length === 0 && <p className="muted">{t('orders.none')}</p>}
      <ol className="order-list">
        {orders.data?.orders.map((order) => (
          <li key={order.id}>
            <OrderCard order={order} table={table} />
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Courses of the order that still have lines waiting to be cooked: held ones can be fired, others held. */
function courseControls(order: Order): { course: number; held: boolean }[] {
  const courses = new Map<number, boolean>();
  for (const line of order.lines) {
    if (line.status !== 'NEW') continue;
    courses.set(line.course, (courses.get(line.course) ?? false) || line.held);
  }
  return [...courses]
    .filter(([course, held]) => held || course > 1)
    .sort(([a], [b]) => a - b)
    .map(([course, held]) => ({ course, held }));
}

function OrderCard({ order, table }: { order: Order; table: string }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const [notice, setNotice] = useState('');
  const course = useMutation({
    mutationFn: ({ number, action }: { number: number; action: 'hold' | 'fire' }) =>
      holdOrFire(order.id, number, action),
    onSuccess: (_answer, { number, action }) => {
      setNotice(t(action === 'fire' ? 'orders.fired' : 'orders.heldDone', { course: number }));
      void client.invalidateQueries({ queryKey: waiterKeys.orders(order.sessionId) });
    },
  });
  const time = new Date(order.createdAt).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' });
  const pending = order.status === 'PENDING';
  return (
    <article className={`order-card order-card--${order.status.toLowerCase()}`} aria-labelledby={`order-${order.id}`}>
      <header className="order-card__header">
        <h3 id={`order-${order.id}`}>{t('orders.order', { number: order.number })}</h3>
        <span className="muted">
          {t('orders.placedAt', { time })} · {t(order.source === 'STAFF' ? 'orders.byStaff' : 'orders.byGuest')}
        </span>
        <span className={`tag tag--order-${order.status.toLowerCase()}`}>
          {t(`orders.orderStatus.${order.status}`)}
        </span>
      </header>
      {order.rejectReason && <p className="muted">{t('orders.rejectedBecause', { reason: order.rejectReason })}</p>}
      <ul className="order-lines">
        {order.lines.map((line) => (
          <OrderLineRow key={line.id} line={line} order={order} actionable={!pending && order.status !== 'REJECTED'} />
        ))}
      </ul>
      {pending && <OrderDecision order={order} table={table} />}
      {!pending && courseControls(order).length > 0 && (
        <div className="order-card__courses">
          {courseControls(order).map(({ course: number, held }) => (
            <Button
              key={number}
              variant={held ? 'primary' : 'secondary'}
              busy={course.isPending && course.variables.number === number}
              onClick={() => course.mutate({ number, action: held ? 'fire' : 'hold' })}
            >
              {t(held ? 'orders.fire' : 'orders.hold', { course: number })}
            </Button>
          ))}
        </div>
      )}
      {notice && (
        <p className="muted" role="status">
          {notice}
        </p>
      )}
      <ErrorLine error={course.error} />
    </article>
  );
}

function OrderLineRow({ line, order, actionable }: { line: OrderLine; order: Order; actionable: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [voiding, setVoiding] = useState(false);
  const move = useMutation({
    mutationFn: ({ status, reason }: { status: 'SERVED' | 'CANCELLED'; reason?: string }) =>
      moveLine(line.id, status, reason),
    onSuccess: () => {
      setVoiding(false);
      for (const key of [waiterKeys.orders(order.sessionId), waiterKeys.ready, waiterKeys.expo])
        void client.invalidateQueries({ queryKey: key });
    },
  });
  const names = { quantity: line.quantity, name: line.name };
  const open = line.status === 'NEW' || line.status === 'IN_PROGRESS' || line.status === 'READY';
  const cancelled = line.status === 'CANCELLED';
  const summary = <LineSummary line={{ ...line, options: line.options.map((o) => o.name) }} />;
  return (
    <li className={`order-line order-line--${line.status.toLowerCase()}${line.held ? ' order-line--held' : ''}`}>
      <div className="order-line__main">
        {cancelled ? <del>{summary}</del> : summary}
        <span className="order-line__state">
          <span className={`tag tag--line-${line.status.toLowerCase()}`}>{t(`orders.lineStatus.${line.status}`)}</span>
          {line.course > 1 && <span className="tag tag--quiet">{t('orders.course', { course: line.course })}</span>}
          {line.held && line.status === 'NEW' && <span className="tag tag--held">{t('orders.held')}</span>}
        </span>
        {cancelled && line.cancelReason && (
          <span className="muted">{t('orders.voidedBecause', { reason: line.cancelReason })}</span>
        )}
      </div>
      {actionable && open && !voiding && (
        <div className="order-line__actions">
          {line.status === 'READY' && (
            <Button
              busy={move.isPending}
              aria-label={t('orders.serveLabel', names)}
              onClick={() => move.mutate({ status: 'SERVED' })}
            >
              {t('orders.serve')}
            </Button>
          )}
          <Button variant="secondary" aria-label={t('orders.voidLabel', names)} onClick={() => setVoiding(true)}>
            {t('orders.void')}
          </Button>
        </div>
      )}
      {voiding && (
        <ReasonForm
          label={t('orders.voidReason')}
          submit={t('orders.confirmVoid')}
          busy={move.isPending}
          onSubmit={(reason) => move.mutate({ status: 'CANCELLED', reason })}
          onCancel={() => setVoiding(false)}
        />
      )}
      <ErrorLine error={move.error} />
    </li>
  );
}
