import type { Call } from '@plato/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button';
import { answerCall } from '../api/waiter-actions';
import { waiterKeys } from '../api/waiter-queries';
import { Icon } from './icon';
import { useDuration } from './use-duration';
import { ErrorLine } from './error-line';

/** A guest's call: "on my way" tells their phone someone is coming; "done" clears it. */
export function CallItem({ call, table, now }: { call: Call; table: string; now: number }) {
  const { t } = useTranslation();
  const duration = useDuration();
  const client = useQueryClient();
  const answer = useMutation({
    mutationFn: (action: 'acknowledge' | 'resolve') => answerCall(call.id, action),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: waiterKeys.calls });
      void client.invalidateQueries({ queryKey: waiterKeys.floor });
    },
  });
  const acknowledged = call.status === 'ACKNOWLEDGED';
  return (
    <li className={`call-item call-item--${acknowledged ? 'acknowledged' : 'open'}`}>
      <p className="call-item__what">
        <Icon name={call.kind === 'BILL' ? 'receipt' : 'bell'} />
        <strong>{t(`calls.${call.kind}`, { table })}</strong>
      </p>
      <p className="call-item__when">
        {t('calls.since', { duration: duration(call.createdAt, now) })}
        {call.repeats > 0 && ` · ${t('calls.repeats', { count: call.repeats })}`}
        {acknowledged && (
          <>
            {' · '}
            <span className="tag tag--quiet">{t('calls.acknowledged')}</span>
          </>
        )}
      </p>
      <div className="call-item__actions">
        {!acknowledged && (
          <Button
            variant="secondary"
            busy={answer.isPending && answer.variables === 'acknowledge'}
            aria-label={t('calls.acknowledgeLabel', { table })}
            onClick={() => answer.mutate('acknowledge')}
          >
            {t('calls.acknowledge')}
          </Button>
        )}
        <Button
          busy={answer.isPending && answer.variables === 'resolve'}
          aria-label={t('calls.resolveLabel', { table })}
          onClick={() => answer.mutate('resolve')}
        >
          {t('calls.resolve')}
        </Button>
      </div>
      <ErrorLine error={answer.error} />
    </li>
  );
}
