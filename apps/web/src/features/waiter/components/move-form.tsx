import type { FloorTable } from '@plato/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Button } from '../../../components/ui/button';
import { moveSession } from '../api/waiter-actions';
import { waiterKeys } from '../api/waiter-queries';
import { ErrorLine } from './error-line';

/** The whole session (guests, carts, orders, bill) to a free table; the screen follows it there. */
export function MoveForm({ sessionId, tables }: { sessionId: string; tables: readonly FloorTable[] }) {
  const { t } = useTranslation();
  const id = useId();
  const client = useQueryClient();
  const navigate = useNavigate();
  const free = tables.filter((table) => table.status === 'FREE');
  const [target, setTarget] = useState('');
  const chosen = free.some((table) => table.id === target) ? target : (free[0]?.id ?? '');
  const move = useMutation({
    mutationFn: () => moveSession(sessionId, chosen),
    onSuccess: ({ session }) => {
      void client.invalidateQueries({ queryKey: waiterKeys.floor });
      void navigate(`/waiter/tables/${session.tableId}`, {
        state: { notice: t('table.move.moved', { table: free.find((f) => f.id === session.tableId)?.name ?? '' }) },
      });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (chosen) move.mutate();
  };
  return (
    <section className="card waiter-card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{t('table.move.heading')}</h2>
      {free.length === 0 ? (
        <p className="muted">{t('table.move.none')}</p>
      ) : (
        <form className="move-form" onSubmit={submit}>
          <label htmlFor={id} className="field__label">
            {t('table.move.to')}
          </label>
          <select id={id} className="field__input" value={chosen} onChange={(event) => setTarget(event.target.value)}>
            {free.map((table) => (
              <option key={table.id} value={table.id}>
                {table.area ? `${table.name} (${table.area})` : table.name}
              </option>
            ))}
          </select>
          <Button type="submit" variant="secondary" busy={move.isPending}>
            {t('table.move.submit')}
          </Button>
        </form>
      )}
      <ErrorLine error={move.error} />
    </section>
  );
}
