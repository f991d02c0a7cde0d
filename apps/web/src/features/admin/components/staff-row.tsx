import { STAFF_ROLES, type StaffAccount, type StaffRole, type Station } from '@plato/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { TextField } from '../../../components/ui/text-field';
import { errorMessage } from '../../../lib/error-message';
import { adminKeys } from '../api/admin-keys';
import { fieldErrors } from '../api/field-errors';
import { updateStaff } from '../api/staff-api';
import { useAdmin } from './admin-layout';
import { SelectField } from './form-fields';
import { RowAction } from './row-action';

type Props = { member: StaffAccount; stations: Station[]; canEdit: boolean; onNotice: (message: string) => void };

/** One account; an admin opens its role and station form or its new-password form, or (de)activates it. */
export function StaffRow({ member, stations, canEdit, onNotice }: Props) {
  const { t } = useTranslation();
  const { staff: me } = useAdmin();
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<'view' | 'edit' | 'password'>('view');
  const keep = (saved: StaffAccount) =>
    queryClient.setQueryData(adminKeys.staff, (cached: StaffAccount[] | undefined) =>
      cached?.map((x) => (x.id === saved.id ? saved : x)),
    );
  const activate = useMutation({
    mutationFn: () => updateStaff(member.id, { active: !member.active }),
    onSuccess: keep,
  });
  const stationName = stations.find((s) => s.id === member.stationId)?.name;

  return (
    <>
      <tr>
        <th scope="row">
          {member.name} {member.id === me.id && <span className="muted">{t('staff.you')}</span>}
        </th>
        <td>{member.email}</td>
        <td>{t(`staff.roles.${member.role}`)}</td>
        <td>
          {stationName ??
            // Only a chef's station narrows a screen: the kitchen shows a chef without one every station.
            (member.role === 'CHEF' ? <span className="muted">{t('staff.anyStation')}</span> : '—')}
        </td>
        <td>
          <span className={`badge ${member.active ? 'badge--ok' : 'badge--off'}`}>
            {member.active ? t('staff.active') : t('staff.inactive')}
          </span>
        </td>
        {canEdit && (
          <td className="admin__row-actions">
            <RowAction
              action={t('edit')}
              name={member.name}
              onClick={() => setMode(mode === 'edit' ? 'view' : 'edit')}
            />
            <RowAction
              action={t('staff.resetPassword')}
              name={member.name}
              onClick={() => setMode(mode === 'password' ? 'view' : 'password')}
            />
            <RowAction
              action={member.active ? t('staff.deactivate') : t('staff.reactivate')}
              name={member.name}
              busy={activate.isPending}
              onClick={() => activate.mutate()}
            />
          </td>
        )}
      </tr>
      {activate.isError && (
        <tr className="admin__row-panel">
          <td colSpan={6}>
            <Alert>{errorMessage(activate.error)}</Alert>
          </td>
        </tr>
      )}
      {mode !== 'view' && (
        <tr className="admin__row-panel">
          <td colSpan={6}>
            {mode === 'edit' ? (
              <EditRole
                member={member}
                stations={stations}
                onSaved={(saved) => {
                  keep(saved);
                  setMode('view');
                  onNotice(t('saved'));
                }}
                onCancel={() => setMode('view')}
              />
            ) : (
              <ResetPassword
                member={member}
                onSaved={() => {
                  setMode('view');
                  onNotice(t('staff.passwordReset', { name: member.name }));
                }}
                onCancel={() => setMode('view')}
              />
            )}
          </td>
        </tr>
      )}
    </>
  );
}

type EditProps = {
  member: StaffAccount;
  stations: Station[];
  onSaved: (saved: StaffAccount) => void;
  onCancel: () => void;
};

function EditRole({ member, stations, onSaved, onCancel }: EditProps) {
  const { t } = useTranslation();
  const [role, setRole] = useState<StaffRole>(member.role);
  const [station, setStation] = useState(member.stationId ?? '');
  const save = useMutation({
    mutationFn: () => updateStaff(member.id, { role, stationId: station || null }),
    onSuccess: onSaved,
  });
  const errors = fieldErrors(save.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <form onSubmit={submit} aria-label={t('staff.editStaff', { name: member.name })}>
      <div className="admin__grid">
        <SelectField
          label={t('staff.role')}
          value={role}
          onChange={(e) => setRole(e.target.value as StaffRole)}
          error={errors.role}
          autoFocus
        >
          {STAFF_ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`staff.roles.${r}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('staff.station')}
          value={station}
          onChange={(e) => setStation(e.target.value)}
          error={errors.stationId}
        >
          <option value="">{t('staff.anyStation')}</option>
          {stations.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
      </div>
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

type PasswordProps = { member: StaffAccount; onSaved: () => void; onCancel: () => void };

function ResetPassword({ member, onSaved, onCancel }: PasswordProps) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const save = useMutation({ mutationFn: () => updateStaff(member.id, { password }), onSuccess: onSaved });
  const errors = fieldErrors(save.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    save.mutate();
  }

  return (
    <form onSubmit={submit} noValidate>
      <TextField
        label={t('staff.newPassword', { name: member.name })}
        name="new-password"
        type="password"
        autoComplete="new-password"
        hint={t('staff.passwordHint')}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        error={errors.password}
        autoFocus
      />
      {save.isError && Object.keys(errors).length === 0 && <Alert>{errorMessage(save.error)}</Alert>}
      <div className="admin__actions">
        <Button type="submit" busy={save.isPending}>
          {t('staff.setPassword')}
        </Button>
        <Button type="button" variant="ghost" onClick={onCancel}>
          {t('cancel')}
        </Button>
      </div>
    </form>
  );
}
