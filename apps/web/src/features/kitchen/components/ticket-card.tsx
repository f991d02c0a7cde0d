import type { KitchenLine, LineStatus } from '@plato/contracts';
import { useTranslation } from 'react-i18next';
import { formatAge, type BoardTicket, type Thresholds, timingAt } from '../board';

type TicketCardProps = {
  ticket: BoardTicket;
  now: number;
  thresholds: Thresholds | undefined;
  showStation: boolean;
  busy: boolean;
  onMoveLine: (line: KitchenLine, status: LineStatus) => void;
  onBump: () => void;
};

/** A tap moves a line one step: new → cooking → ready, and ready back to cooking (a mistaken tap). */
const NEXT_STATUS: Partial<Record<LineStatus, { status: LineStatus; action: 'start' | 'ready' | 'recall' }>> = {
  NEW: { status: 'IN_PROGRESS', action: 'start' },
  IN_PROGRESS: { status: 'READY', action: 'ready' },
  READY: { status: 'IN_PROGRESS', action: 'recall' },
};

export function TicketCard({ ticket, now, thresholds, showStation, busy, onMoveLine, onBump }: TicketCardProps) {
  const { t } = useTranslation();
  const { ageSeconds, timing } = timingAt(ticket, now, thresholds);
  const headingId = `ticket-${ticket.id}`;
  const bumpable = ticket.lines.some((l) => !l.held && (l.status === 'NEW' || l.status === 'IN_PROGRESS'));

  return (
    <article className={`ticket ticket--${timing.toLowerCase()}`} aria-labelledby={headingId}>
      <header className="ticket__header">
        <h2 id={headingId} className="ticket__title">
          {t('ticket.heading', { table: ticket.table, number: ticket.orderNumber })}
        </h2>
        <p className="ticket__clock">
          <span className="ticket__timing">{t(`ticket.timing.${timing}`)}</span>
          {timing !== 'HELD' && (
            <span className="ticket__age">
              <span className="visually-hidden">{t('ticket.age')} </span>
              {formatAge(ageSeconds)}
            </span>
          )}
        </p>
        {showStation && <p className="ticket__station">{ticket.station.name}</p>}
      </header>
      <ul className="ticket__lines">
        {ticket.lines.map((line) => (
          <li key={line.id}>
            <TicketLine line={line} busy={busy} onMove={onMoveLine} />
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="kds-button kds-button--bump"
        disabled={!bumpable || busy}
        aria-label={t('ticket.bumpLabel', { number: ticket.orderNumber, table: ticket.table })}
        onClick={onBump}
      >
        {t('ticket.bump', { number: ticket.orderNumber })}
      </button>
    </article>
  );
}

function TicketLine({
  line,
  busy,
  onMove,
}: {
  line: KitchenLine;
  busy: boolean;
  onMove: (line: KitchenLine, status: LineStatus) => void;
}) {
  const { t } = useTranslation();
  const details = <LineDetails line={line} />;

  if (line.status === 'CANCELLED') {
    return (
      <div className="line line--voided">
        <del>
          <span className="line__name">
            {line.quantity} × {line.name}
          </span>
        </del>
        <span className="line__status">
          {line.cancelReason ? t('ticket.voidedReason', { reason: line.cancelReason }) : t('ticket.voided')}
        </span>
      </div>
    );
  }
  const next = NEXT_STATUS[line.status];
  if (line.held || !next) {
    return (
      <div className={`line ${line.held ? 'line--held' : ''}`}>
        <span className="line__name">
          {line.quantity} × {line.name}
        </span>
        <span className="line__status">{line.held ? t('ticket.held') : t(`line.status.${line.status}`)}</span>
        {details}
      </div>
    );
  }
  const status = t(`line.status.${line.status}`);
  return (
    <button
      type="button"
      className={`line line--${line.status.toLowerCase().replace('_', '-')}`}
      disabled={busy}
      onClick={() => onMove(line, next.status)}
    >
      <span className="line__name">
        {line.quantity} × {line.name}
      </span>
      <span className="line__status">{status}</span>
      {details}
      <span className="visually-hidden">. {t('line.tap', { action: t(`line.action.${next.action}`) })}</span>
    </button>
  );
}

function LineDetails({ line }: { line: KitchenLine }) {
  const { t } = useTranslation();
  return (
    <>
      {line.options.length > 0 && <span className="line__options">{line.options.join(', ')}</span>}
      {line.note && <span className="line__note">{t('ticket.note', { note: line.note })}</span>}
      {line.allergens.length > 0 && (
        <span className="line__allergens">
          <span aria-hidden="true">⚠ </span>
          {t('ticket.allergens', { list: line.allergens.map((a) => t(`allergen.${a}`)).join(', ') })}
        </span>
      )}
    </>
  );
}
