import type { Bill, CloseSessionResponse } from '@plato/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { TextField } from '../../../components/ui/text-field';
import { errorMessage } from '../../../lib/error-message';
import { closeSession, receiptPdfPath } from '../api/till-actions';
import { tillKeys } from '../api/till-queries';

type Props = {
  bill: Bill;
  closed: CloseSessionResponse | null;
  canOverride: boolean;
  onClosed: (closed: CloseSessionResponse) => void;
};

/** Closes a settled table (a manager may close one with a balance, giving a reason), then hands out the receipt. */
export function ClosePanel({ bill, closed, canOverride, onClosed }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const close = useMutation({
    mutationFn: () => closeSession(bill.sessionId, reason.trim() || undefined),
    onSuccess: (answer) => {
      onClosed(answer);
      void queryClient.invalidateQueries({ queryKey: tillKeys.floor });
    },
  });
  const settled = bill.balanceCents === 0;

  if (closed) {
    return (
      <section className="card" aria-labelledby="close-title">
        <h2 id="close-title">{t('close.closedTitle')}</h2>
        <p role="status">{t('close.closed')}</p>
        <ul className="till__receipt-links">
          <li>
            <a href={receiptPdfPath(bill.sessionId)} target="_blank" rel="noreferrer">
              {t('close.receiptPdf')}
            </a>
          </li>
          {closed.receiptUrl && (
            <li>
              <a href={closed.receiptUrl} target="_blank" rel="noreferrer">
                {t('close.guestLink')}
              </a>
            </li>
          )}
        </ul>
      </section>
    );
  }

  return (
    <section className="card" aria-labelledby="close-title">
      <h2 id="close-title">{t('close.title')}</h2>
      {!settled && !canOverride && <p className="till__hint">{t('close.balanceDue')}</p>}
      {!settled && canOverride && (
        <TextField
          label={t('close.overrideReason')}
          name="close-reason"
          maxLength={200}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      )}
      {close.isError && <Alert>{errorMessage(close.error)}</Alert>}
      <div className="till__row">
        <Button
          type="button"
          busy={close.isPending}
          disabled={!settled && (!canOverride || reason.trim() === '')}
          onClick={() => close.mutate()}
        >
          {t('close.submit')}
        </Button>
        <a className="button button--ghost" href={receiptPdfPath(bill.sessionId)} target="_blank" rel="noreferrer">
          {t('close.draftPdf')}
        </a>
      </div>
    </section>
  );
}
