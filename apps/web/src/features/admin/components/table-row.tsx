import type { AdminTable } from '@plato/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { errorMessage } from '../../../lib/error-message';
import { adminKeys } from '../api/admin-keys';
import { fieldErrors } from '../api/field-errors';
import { tableQrSvgUrl } from '../api/qr-urls';
import { rotateTableToken, updateTable } from '../api/tables-api';
import { TableFields, type TableDraft } from './table-fields';
import { RowAction } from './row-action';

type Props = { table: AdminTable; canEdit: boolean; onNotice: (message: string) => void };

/**
 * One table: its QR code as guests scan it (a preview that links to the full SVG), its link, and for an admin an
 * edit form and a new code behind a confirmation, since the printed code stops working the moment it changes.
 */
export function TableRow({ table, canEdit, onNotice }: Props) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<'view' | 'edit' | 'rotate'>('view');
  const keep = (saved: AdminTable) =>
    queryClient.setQueryData(adminKeys.tables, (cached: AdminTable[] | undefined) =>
      cached?.map((x) => (x.id === saved.id ? saved : x)),
    );
  const rotate = useMutation({
    mutationFn: () => rotateTableToken(table.id),
    onSuccess: (saved) => {
      keep(saved);
      setMode('view');
      onNotice(t('tables.rotated', { name: saved.name }));
    },
  });
  // The preview follows the token, so a rotated table shows its new code (the SVG itself is never cached).
  const qrSrc = `${tableQrSvgUrl(table.id)}?v=${encodeURIComponent(table.qrToken)}`;

  return (
    <>
      <tr>
        <th scope="row">{table.name}</th>
        <td className="data-table__number">{table.seats}</td>
        <td>{table.area || <span className="muted">—</span>}</td>
        <td>
          <a className="data-table__url" href={table.qrUrl} title={table.qrUrl} target="_blank" rel="noopener">
            {table.qrUrl}
          </a>
        </td>
        <td>
          <a
            href={tableQrSvgUrl(table.id)}
            target="_blank"
            rel="noopener"
            aria-label={t('tables.qrFor', { name: table.name })}
            className="admin__qr"
          >
            <img src={qrSrc} alt="" width={56} height={56} loading="lazy" />
          </a>
        </td>
        {canEdit && (
          <td className="admin__row-actions">
            <RowAction
              action={t('edit')}
              name={table.name}
              onClick={() => setMode(mode === 'edit' ? 'view' : 'edit')}
            />
            <RowAction action={t('tables.rotate')} name={table.name} onClick={() => setMode('rotate')} />
          </td>
        )}
      </tr>
      {mode === 'rotate' && (
        <tr className="admin__row-panel">
          <td colSpan={6}>
            <div role="alertdialog" aria-labelledby={`rotate-${table.id}`} className="admin__confirm">
              <p id={`rotate-${table.id}`}>{t('tables.rotateConfirm', { name: table.name })}</p>
              {rotate.isError && <Alert>{errorMessage(rotate.error)}</Alert>}
              <Button type="button" busy={rotate.isPending} onClick={() => rotate.mutate()} autoFocus>
                {t('tables.rotateYes')}
              </Button>
              <Button type="button" variant="ghost" onClick={() => setMode('view')}>
                {t('cancel')}
              </Button>
            </div>
          </td>
        </tr>
      )}
      {mode === 'edit' && (
        <tr className="admin__row-panel">
          <td colSpan={6}>
            <EditTable
              table={table}
              onSaved={(saved) => {
                keep(saved);
                setMode('view');
                onNotice(t('tables.updatedTable', { name: saved.name }));
              }}
              onCancel={() => setMode('view')}
            />
          </td>
        </tr>
      )}
    </>
  );
}

type EditProps = { table: AdminTable; onSaved: (table: AdminTable) => void; onCancel: () => void };

function EditTable({ table, onSaved, onCancel }: EditProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<TableDraft>({ name: table.name, seats: String(table.seats), area: table.area });
  const save = useMutation({
    mutationFn: () => updateTable(table.id, { name: draft.name, seats: Number(draft.seats), area: draft.area }),
    onSuccess: onSaved,
  });
  const errors = fieldErrors(save.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <form onSubmit={submit} noValidate aria-label={t('tables.editTable', { name: table.name })}>
      <TableFields draft={draft} onChange={setDraft} errors={errors} autoFocus />
      {save.isError && Object.keys(errors).length === 0 && <Alert>{errorMessage(save.error)}</Alert>}
      <div className="admin__actions">
        <Button type="submit" busy={save.isPending}>
          {t('save')}
        </Button>
        <Button type="button" variant="ghost" onClick={onCancel}>
          {t('cancel')}
        </Button>
      </div>
    </form>
  );
}
