import { SESSION_MODES, type SessionMode } from '@plato/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button';
import { openTable } from '../api/waiter-actions';
import { waiterKeys } from '../api/waiter-queries';
import { ErrorLine } from './error-line';

/** FAMILY or INDIVIDUAL first, then the table opens and its PIN shows. */
export function OpenTableForm({ tableId }: { tableId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [mode, setMode] = useState<SessionMode>('FAMILY');
  const open = useMutation({
    mutationFn: () => openTable(tableId, mode),
    onSuccess: ({ session, pin }) => {
      client.setQueryData(waiterKeys.pin(session.id), pin);
      void client.invalidateQueries({ queryKey: waiterKeys.floor });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    open.mutate();
  };
  return (
    <section className="card waiter-card" aria-labelledby="open-heading">
      <h2 id="open-heading">{t('table.open.heading')}</h2>
      <form onSubmit={submit}>
        <fieldset className="choice-list">
          <legend>{t('table.open.mode')}</legend>
          {SESSION_MODES.map((value) => (
            <label key={value} className="choice">
              <input type="radio" name="mode" value={value} checked={mode === value} onChange={() => setMode(value)} />
              <span>{t(`table.open.${value}`)}</span>
            </label>
          ))}
        </fieldset>
        <Button type="submit" busy={open.isPending} className="button--block">
          {t('table.open.submit')}
        </Button>
      </form>
      <ErrorLine error={open.error} />
    </section>
  );
}
