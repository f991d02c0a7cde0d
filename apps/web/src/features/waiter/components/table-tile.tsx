import type { FloorTable } from '@plato/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { STATUS_ICON, STATUS_TONE, needsAttention } from '../table-state';
import { Icon } from './icon';
import { useDuration } from './use-duration';

/** One table at a glance: its name, its state in a colour, a shape and words, and what needs doing there. */
export function TableTile({ table, now }: { table: FloorTable; now: number }) {
  const { t } = useTranslation();
  const duration = useDuration();
  const openCalls = table.calls.filter((c) => c.status !== 'RESOLVED');
  const tone = STATUS_TONE[table.status];
  return (
    <Link
      to={`/waiter/tables/${table.id}`}
      className={`table-tile table-tile--${tone}${needsAttention(table) ? ' table-tile--attention' : ''}`}
    >
      <span className="table-tile__name">{table.name}</span>
      <span className="table-tile__status">
        <span aria-hidden="true" className="table-tile__icon">
          {STATUS_ICON[table.status]}
        </span>
        {t(`status.${table.status}`)}
      </span>
      {table.sessionId ? (
        <span className="table-tile__facts">
          {table.mode && <span>{t(`mode.${table.mode}`)}</span>}
          <span>{t('facts.guests', { count: table.guestCount })}</span>
          {table.openedAt && <span>{t('facts.openFor', { duration: duration(table.openedAt, now) })}</span>}
        </span>
      ) : (
        <span className="table-tile__facts">
          <span>{t('facts.seats', { count: table.seats })}</span>
        </span>
      )}
      {(openCalls.length > 0 || table.pendingCount > 0 || table.readyCount > 0) && (
        <span className="table-tile__alerts">
          {openCalls.map((call) => (
            <span key={call.id} className={`tag tag--call${call.status === 'ACKNOWLEDGED' ? ' tag--quiet' : ''}`}>
              <Icon name={call.kind === 'BILL' ? 'receipt' : 'bell'} />
              {t(call.kind === 'BILL' ? 'facts.callBill' : 'facts.callWaiter')}
              {call.status === 'ACKNOWLEDGED' && ` (${t('facts.acknowledged')})`}
            </span>
          ))}
          {table.pendingCount > 0 && (
            <span className="tag tag--pending">
              <Icon name="hand" />
              {t('facts.pending', { count: table.pendingCount })}
            </span>
          )}
          {table.readyCount > 0 && (
            <span className="tag tag--ready">
              <Icon name="star" />
              {t('facts.ready', { count: table.readyCount })}
            </span>
          )}
        </span>
      )}
    </Link>
  );
}
