import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { Button } from '../../../components/ui/button';
import { formatMoney } from '../../../lib/money';
import { randomKey, untilAnswered } from '../../../lib/retry';
import { placeOrder } from '../api/waiter-actions';
import { floorQuery, menuQuery, waiterKeys } from '../api/waiter-queries';
import { lineTotalCents, toOrderRequest, type DraftLine, type MenuItem } from '../order-draft';
import { ItemPicker } from './item-picker';
import { LineSummary } from './line-summary';
import { LoadFailed } from './load-failed';
import { ErrorLine } from './error-line';

/** Taking an order at the table: the menu, a dish's choices, the order so far, and one tap to send it. */
export function OrderPage() {
  const { t, i18n } = useTranslation();
  const { tableId = '' } = useParams();
  const floor = useQuery(floorQuery);
  const menu = useQuery(menuQuery(i18n.language));
  const [picking, setPicking] = useState<MenuItem | null>(null);
  const [draft, setDraft] = useState<DraftLine[]>([]);

  const table = floor.data?.tables.find((candidate) => candidate.id === tableId);
  if (floor.isPending || menu.isPending) return <p className="waiter-loading">{t('loading')}</p>;
  if (floor.isError || menu.isError)
    return <LoadFailed onRetry={() => void Promise.all([floor.refetch(), menu.refetch()])} />;
  if (!table?.sessionId) {
    return (
      <div className="waiter-page">
        <Link to={`/waiter/tables/${tableId}`} className="back-link">
          <span aria-hidden="true">← </span>
          {t('table.back')}
        </Link>
        <p className="card empty-state">{t('table.notFound')}</p>
      </div>
    );
  }
  const money = (cents: number) => formatMoney(cents, menu.data.currency, i18n.language);

  return (
    <div className="waiter-page order-page">
      <Link to={`/waiter/tables/${table.id}`} className="back-link">
        <span aria-hidden="true">← </span>
        {table.name}
      </Link>
      <h1>{t('order.heading', { table: table.name })}</h1>
      <div className="order-page__columns">
        <section aria-labelledby="menu-heading" className="order-menu">
          <h2 id="menu-heading">{t('order.menu')}</h2>
          <nav aria-label={t('order.categories')} className="category-chips">
            {menu.data.categories.map((category) => (
              <a key={category.id} href={`#category-${category.id}`}>
                {category.name}
              </a>
            ))}
          </nav>
          {menu.data.categories.map((category) => (
            <section key={category.id} id={`category-${category.id}`} aria-labelledby={`cat-${category.id}`}>
              <h3 id={`cat-${category.id}`}>{category.name}</h3>
              <ul className="menu-items">
                {category.items.map((item) => (
                  <li key={item.id}>
                    {picking?.id === item.id ? (
                      <ItemPicker
                        item={item}
                        currency={menu.data.currency}
                        onAdd={(line) => {
                          setDraft((lines) => [...lines, line]);
                          setPicking(null);
                        }}
                        onCancel={() => setPicking(null)}
                      />
                    ) : (
                      <button
                        type="button"
                        className="menu-item"
                        disabled={!item.available}
                        aria-label={t('order.add', { name: item.name, price: money(item.priceCents) })}
                        onClick={() => setPicking(item)}
                      >
                        <span className="menu-item__name">{item.name}</span>
                        <span className="menu-item__price">
                          {item.available ? money(item.priceCents) : t('order.soldOut')}
                        </span>
                      </button>
                    )}
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </section>
        <DraftPanel
          sessionId={table.sessionId}
          tableId={table.id}
          draft={draft}
          money={money}
          onRemove={(key) => setDraft((lines) => lines.filter((line) => line.key !== key))}
        />
      </div>
    </div>
  );
}

type DraftPanelProps = {
  sessionId: string;
  tableId: string;
  draft: DraftLine[];
  money: (cents: number) => string;
  onRemove: (key: string) => void;
};

/**
 * The order so far and its send button. One Idempotency-Key per order as it
 * stands: a retry after a lost answer sends the same key with the same lines,
 * so the kitchen gets it once; changing the lines after a failure makes a new key.
 */
function DraftPanel({ sessionId, tableId, draft, money, onRemove }: DraftPanelProps) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const navigate = useNavigate();
  const keyed = useRef<{ key: string; body: string } | null>(null);
  const [waiting, setWaiting] = useState(false);
  const send = useMutation({
    mutationFn: () => {
      const request = toOrderRequest(draft);
      const body = JSON.stringify(request);
      if (keyed.current?.body !== body) keyed.current = { key: randomKey(), body };
      const { key } = keyed.current;
      return untilAnswered(() => placeOrder(sessionId, request, key), setWaiting);
    },
    onSuccess: ({ order }) => {
      keyed.current = null;
      void client.invalidateQueries({ queryKey: waiterKeys.orders(sessionId) });
      void navigate(`/waiter/tables/${tableId}`, { state: { notice: t('order.sent', { number: order.number }) } });
    },
    // A refusal (sold out, the session closed) is an answer: the next try is a new order.
    onError: () => {
      keyed.current = null;
    },
  });
  const count = draft.reduce((sum, line) => sum + line.quantity, 0);
  const total = draft.reduce((sum, line) => sum + lineTotalCents(line), 0);
  return (
    <section className="order-draft card" aria-labelledby="draft-heading">
      <h2 id="draft-heading">{t('order.draft')}</h2>
      {draft.length === 0 ? (
        <p className="muted">{t('order.draftEmpty')}</p>
      ) : (
        <ul className="draft-lines">
          {draft.map((line) => {
            const options = line.item.modifierGroups
              .flatMap((g) => g.options)
              .filter((o) => line.optionIds.includes(o.id))
              .map((o) => o.name);
            return (
              <li key={line.key} className="draft-line">
                <LineSummary line={{ name: line.item.name, quantity: line.quantity, note: line.note, options }} />
                {line.course > 1 && <span className="tag tag--held">{t(`order.courses.${line.course}`)}</span>}
                <span className="draft-line__price">{money(lineTotalCents(line))}</span>
                <Button
                  variant="ghost"
                  aria-label={t('order.remove', { name: line.item.name })}
                  onClick={() => onRemove(line.key)}
                  disabled={send.isPending}
                >
                  <span aria-hidden="true">✕</span>
                </Button>
              </li>
            );
          })}
        </ul>
      )}
      {draft.length > 0 && <p className="order-draft__total">{t('order.total', { amount: money(total) })}</p>}
      <Button
        className="button--block"
        disabled={draft.length === 0}
        busy={send.isPending}
        onClick={() => send.mutate()}
      >
        {send.isPending ? t('order.sending') : t('order.send', { count })}
      </Button>
      {waiting && (
        <p className="muted" role="status">
          {t('order.waitingNetwork')}
        </p>
      )}
      <ErrorLine error={send.error} />
    </section>
  );
}
