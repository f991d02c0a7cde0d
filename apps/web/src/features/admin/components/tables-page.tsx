import type { AdminTable } from '@plato/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Spinner } from '../../../components/ui/spinner';
import { errorMessage } from '../../../lib/error-message';
import { adminKeys } from '../api/admin-keys';
import { fieldErrors } from '../api/field-errors';
import { allTablesQrPdfUrl } from '../api/qr-urls';
import { createTable, tablesQuery } from '../api/tables-api';
import { useAdmin } from './admin-layout';
import { emptyTable, TableFields } from './table-fields';
import { TableRow } from './table-row';

/** Every table with its guest link and QR code; an admin adds, renames and re-codes them and prints the cards. */
export function TablesPage() {
  const { t } = useTranslation();
  const { canEdit } = useAdmin();
  const tables = useQuery(tablesQuery);
  const [notice, setNotice] = useState('');

  if (tables.isError) return <Alert>{errorMessage(tables.error)}</Alert>;
  if (!tables.data) return <Spinner label={t('loading')} />;

  return (
    <section aria-labelledby="tables-title">
      <div className="page-header">
        <div>
          <h1 id="tables-title">{t('tables.title')}</h1>
          <p className="muted">{t('tables.count', { count: tables.data.length })}</p>
        </div>
        <a className="button button--secondary" href={allTablesQrPdfUrl} target="_blank" rel="noopener">
          {t('tables.printAll')}
        </a>
      </div>
      <p role="status" className={notice ? 'alert alert--info' : 'visually-hidden'}>
        {notice}
      </p>
      {canEdit && <NewTable onCreated={(table) => setNotice(t('tables.created', { name: table.name }))} />}
      {tables.data.length === 0 ? (
        <div className="card empty-state">{t('tables.none')}</div>
      ) : (
        <div className="table-scroll card card--flush">
          <table className="data-table" aria-labelledby="tables-title">
            <thead>
              <tr>
                <th scope="col">{t('tables.name')}</th>
                <th scope="col" className="data-table__number">
                  {t('tables.seats')}
                </th>
                <th scope="col">{t('tables.area')}</th>
                <th scope="col">{t('tables.link')}</th>
                <th scope="col">{t('tables.qr')}</th>
                {canEdit && <th scope="col">{t('tables.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {tables.data.map((table) => (
                <TableRow key={table.id} table={table} canEdit={canEdit} onNotice={setNotice} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function NewTable({ onCreated }: { onCreated: (table: AdminTable) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState(emptyTable);
  const add = useMutation({
    mutationFn: () => createTable({ name: draft.name, seats: Number(draft.seats), area: draft.area }),
    onSuccess: async (table) => {
      setDraft(emptyTable);
      onCreated(table);
      await queryClient.invalidateQueries({ queryKey: adminKeys.tables });
    },
  });
  const errors = fieldErrors(add.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate();
  }

  return (
    <form className="card admin__form admin__spaced" onSubmit={submit} noValidate aria-labelledby="new-table-title">
      <h2 id="new-table-title">{t('tables.add')}</h2>
      <TableFields draft={draft} onChange={setDraft} errors={errors} />
      {add.isError && Object.keys(errors).length === 0 && <Alert>{errorMessage(add.error)}</Alert>}
      <div className="admin__actions">
        <Button type="submit" variant="secondary" busy={add.isPending} disabled={draft.name.trim() === ''}>
          {t('tables.addSubmit')}
        </Button>
      </div>
    </form>
  );
}
