import { STAFF_ROLES, type StaffRole } from '@plato/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { Spinner } from '../../../components/ui/spinner';
import { TextField } from '../../../components/ui/text-field';
import { errorMessage } from '../../../lib/error-message';
import { adminKeys } from '../api/admin-keys';
import { fieldErrors } from '../api/field-errors';
import { stationsQuery } from '../api/menu-api';
import { createStaff, staffQuery } from '../api/staff-api';
import { useAdmin } from './admin-layout';
import { SelectField } from './form-fields';
import { StaffRow } from './staff-row';

/** Who may sign in and as what: an admin adds people, changes roles and stations, deactivates and resets passwords. */
export function StaffPage() {
  const { t } = useTranslation();
  const { canEdit } = useAdmin();
  const staff = useQuery(staffQuery);
  const stations = useQuery(stationsQuery);
  const [notice, setNotice] = useState('');

  if (staff.isError) return <Alert>{errorMessage(staff.error)}</Alert>;
  if (!staff.data) return <Spinner label={t('loading')} />;

  return (
    <section aria-labelledby="staff-title">
      <div className="page-header">
        <div>
          <h1 id="staff-title">{t('staff.title')}</h1>
          <p className="muted">{t('staff.intro')}</p>
        </div>
      </div>
      {!canEdit && <Alert tone="info">{t('readOnly')}</Alert>}
      <p role="status" className={notice ? 'alert alert--info' : 'visually-hidden'}>
        {notice}
      </p>
      {canEdit && <NewStaff onCreated={(name) => setNotice(t('staff.created', { name }))} />}
      <div className="table-scroll card card--flush">
        <table className="data-table" aria-labelledby="staff-title">
          <thead>
            <tr>
              <th scope="col">{t('staff.name')}</th>
              <th scope="col">{t('staff.email')}</th>
              <th scope="col">{t('staff.role')}</th>
              <th scope="col">{t('staff.station')}</th>
              <th scope="col">{t('staff.status')}</th>
              {canEdit && <th scope="col">{t('staff.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {staff.data.map((member) => (
              <StaffRow
                key={member.id}
                member={member}
                stations={stations.data ?? []}
                canEdit={canEdit}
                onNotice={setNotice}
              />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function NewStaff({ onCreated }: { onCreated: (name: string) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const stations = useQuery(stationsQuery);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<StaffRole>('WAITER');
  const [station, setStation] = useState('');
  const add = useMutation({
    mutationFn: () => createStaff({ name, email, password, role, stationId: station || null }),
    onSuccess: async (created) => {
      setName('');
      setEmail('');
      setPassword('');
      onCreated(created.name);
      await queryClient.invalidateQueries({ queryKey: adminKeys.staff });
    },
  });
  const errors = fieldErrors(add.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate();
  }

  return (
    <form className="card admin__form admin__spaced" onSubmit={submit} noValidate aria-labelledby="new-staff-title">
      <h2 id="new-staff-title">{t('staff.add')}</h2>
      <div className="admin__grid">
        <TextField
          label={t('staff.name')}
          name="staff-name"
          autoComplete="off"
          maxLength={80}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.name}
        />
        <TextField
          label={t('staff.email')}
          name="staff-email"
          type="email"
          autoComplete="off"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.email}
        />
        <TextField
          label={t('staff.password')}
          name="staff-password"
          type="password"
          autoComplete="new-password"
          hint={t('staff.passwordHint')}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
        />
        <SelectField
          label={t('staff.role')}
          value={role}
          onChange={(e) => setRole(e.target.value as StaffRole)}
          error={errors.role}
        >
          {STAFF_ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`staff.roles.${r}`)}
            </option>
          ))}
        </SelectField>
        {role === 'CHEF' && (
          <SelectField
            label={t('staff.station')}
            value={station}
            onChange={(e) => setStation(e.target.value)}
            error={errors.stationId}
          >
            <option value="">{t('staff.anyStation')}</option>
            {(stations.data ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </SelectField>
        )}
      </div>
      {add.isError && Object.keys(errors).length === 0 && <Alert>{errorMessage(add.error)}</Alert>}
      <div className="admin__actions">
        <Button type="submit" variant="secondary" busy={add.isPending}>
          {t('staff.addSubmit')}
        </Button>
      </div>
    </form>
  );
}
