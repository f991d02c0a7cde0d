import type { Order } from '@plato/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button';
import { decideOrder } from '../api/waiter-actions';
import { sessionOrdersQuery, waiterKeys, withOrder } from '../api/waiter-queries';
import { ReasonForm } from './reason-form';
import { ErrorLine } from './error-line';

/** Accept a guest's order (it goes to the kitchen) or reject it with a reason the guests see. */
export function OrderDecision({ order, table }: { order: Order; table: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [rejecting, setRejecting] = useState(false);
  const decide = useMutation({
    mutationFn: ({ accept, reason }: { accept: boolean; reason?: string }) => decideOrder(order.id, accept, reason),
    onSuccess: ({ order: decided }) => {
      client.setQueryData(sessionOrdersQuery(decided.sessionId).queryKey, (cached) => withOrder(cached, decided));
      void client.invalidateQueries({ queryKey: waiterKeys.floor });
    },
  });
  const names = { number: order.number, table };
  return (
    <div className="order-decision">
      {rejecting ? (
        <ReasonForm
          label={t('pending.rejectReason')}
          submit={t('pending.confirmReject')}
          busy={decide.isPending}
          onSubmit={(reason) => decide.mutate({ accept: false, reason })}
          onCancel={() => setRejecting(false)}
        />
      ) : (
        <div className="order-decision__actions">
          <Button
            busy={decide.isPending}
            aria-label={t('pending.acceptLabel', names)}
            onClick={() => decide.mutate({ accept: true })}
          >
            {t('pending.accept')}
          </Button>
          <Button variant="secondary" aria-label={t('pending.rejectLabel', names)} onClick={() => setRejecting(true)}>
            {t('pending.reject')}
          </Button>
        </div>
      )}
      <ErrorLine error={decide.error} />
    </div>
  );
}
