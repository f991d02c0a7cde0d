import type { AuditEntry } from '@plato/contracts';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Spinner } from '../../../components/ui/spinner';
import { TextField } from '../../../components/ui/text-field';
import { errorMessage } from '../../../lib/error-message';
import { auditCsvUrl, auditQuery, type AuditFilter } from '../api/audit-api';
import { staffQuery } from '../api/staff-api';
import { en } from '../locales/en';
import { useAdmin } from './admin-layout';
import { SelectField } from './form-fields';

const FILTER_KEYS = ['actor', 'action', 'entity', 'from', 'to'] as const;
const ENTITIES = Object.keys(en.audit.entities);
const NO_FILTER: AuditFilter = { actor: '', action: '', entity: '', from: '', to: '' };

/**
 * The audit log, newest first, filtered by who, what, what about and when (the filter lives in the address, so
 * a filtered view can be shared); the CSV export takes the same filter and every matching entry.
 */
export function AuditPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const filter = useMemo(
    () => Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? ''])) as AuditFilter,
    [params],
  );
  const entries = useInfiniteQuery(auditQuery(filter));

  return (
    <section aria-labelledby="audit-title">
      <div className="page-header">
        <div>
          <h1 id="audit-title">{t('audit.title')}</h1>
          <p className="muted">{t('audit.intro')}</p>
        </div>
        <a className="button button--secondary" href={auditCsvUrl(filter)} download>
          {t('audit.csv')}
        </a>
      </div>
      <Filters
        initial={filter}
        onApply={(next) =>
          setParams(Object.fromEntries(Object.entries(next).filter(([, v]) => v !== '')), { replace: true })
        }
      />
      {entries.isError ? (
        <Alert>{errorMessage(entries.error)}</Alert>
      ) : !entries.data ? (
        <Spinner label={t('loading')} />
      ) : (
        <EntriesTable
          entries={entries.data.pages.flatMap((p) => p.entries)}
          more={entries.hasNextPage}
          loadingMore={entries.isFetchingNextPage}
          onMore={() => void entries.fetchNextPage()}
        />
      )}
    </section>
  );
}

function Filters({ initial, onApply }: { initial: AuditFilter; onApply: (filter: AuditFilter) => void }) {
  const { t } = useTranslation();
  const staff = useQuery(staffQuery);
  const [draft, setDraft] = useState(initial);
  const set = (key: keyof AuditFilter, value: string) => setDraft((d) => ({ ...d, [key]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    onApply(draft);
  }

  return (
    <form className="card admin__form admin__spaced" onSubmit={submit} aria-labelledby="audit-filters-title">
      <h2 id="audit-filters-title">{t('audit.filters')}</h2>
      <div className="admin__grid admin__grid--5">
        <SelectField label={t('audit.actor')} value={draft.actor} onChange={(e) => set('actor', e.target.value)}>
          <option value="">{t('audit.anyone')}</option>
          {(staff.data ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t('audit.action')}
          name="action"
          hint={t('audit.actionHint')}
          value={draft.action}
          onChange={(e) => set('action', e.target.value.trim())}
        />
        <SelectField label={t('audit.entity')} value={draft.entity} onChange={(e) => set('entity', e.target.value)}>
          <option value="">{t('audit.anything')}</option>
          {ENTITIES.map((entity) => (
            <option key={entity} value={entity}>
              {t(`audit.entities.${entity}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t('audit.from')}
          name="from"
          type="date"
          value={draft.from}
          onChange={(e) => set('from', e.target.value)}
        />
        <TextField
          label={t('audit.to')}
          name="to"
          type="date"
          value={draft.to}
          onChange={(e) => set('to', e.target.value)}
        />
      </div>
      <div className="admin__actions">
        <Button type="submit" variant="secondary">
          {t('audit.apply')}
        </Button>
        <Button
          type="button"
          variant="ghost"
          onClick={() => {
            setDraft(NO_FILTER);
            onApply(NO_FILTER);
          }}
        >
          {t('audit.clear')}
        </Button>
      </div>
    </form>
  );
}

type TableProps = { entries: AuditEntry[]; more: boolean; loadingMore: boolean; onMore: () => void };

function EntriesTable({ entries, more, loadingMore, onMore }: TableProps) {
  const { t, i18n } = useTranslation();
  const { settings } = useAdmin();
  // Times as the restaurant's clock shows them, written the reader's way.
  const when = useMemo(
    () =>
      new Intl.DateTimeFormat(i18n.language, {
        dateStyle: 'medium',
        timeStyle: 'medium',
        timeZone: settings.timezone,
      }),
    [i18n.language, settings.timezone],
  );

  if (entries.length === 0) return <p className="card empty-state">{t('audit.empty')}</p>;

  return (
    <>
      <div className="table-scroll card card--flush">
        <table className="data-table admin__audit" aria-label={t('audit.entries')}>
          <thead>
            <tr>
              <th scope="col">{t('audit.when')}</th>
              <th scope="col">{t('audit.who')}</th>
              <th scope="col">{t('audit.what')}</th>
              <th scope="col">{t('audit.about')}</th>
              <th scope="col">{t('audit.details')}</th>
              <th scope="col">{t('audit.where')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id}>
                <td>
                  <time dateTime={entry.at}>{when.format(new Date(entry.at))}</time>
                </td>
                <td>{entry.actorLabel ?? t(`audit.actorTypes.${entry.actorType}`)}</td>
                <th scope="row">
                  <code>{entry.action}</code>
                </th>
                <td>
                  {entry.entityType ? t(`audit.entities.${entry.entityType}`, { defaultValue: entry.entityType }) : '—'}
                </td>
                <td>
                  <code className="admin__data">
                    {Object.keys(entry.data).length ? JSON.stringify(entry.data) : ''}
                  </code>
                </td>
                <td>{entry.ip ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {more && (
        <div className="admin__actions">
          <Button type="button" variant="secondary" busy={loadingMore} onClick={onMore}>
            {t('audit.more')}
          </Button>
        </div>
      )}
    </>
  );
}
