import type { MenuItem, ModifierGroup, ModifierOption } from '@plato/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { TextField } from '../../../components/ui/text-field';
import { errorMessage } from '../../../lib/error-message';
import { parseMoney } from '../../../lib/money';
import { useMoney } from '../../../components/ui/use-money';
import { adminKeys } from '../api/admin-keys';
import { fieldErrors } from '../api/field-errors';
import {
  createModifierGroup,
  createModifierOption,
  deleteModifierGroup,
  deleteModifierOption,
  setOptionAvailability,
} from '../api/menu-api';
import { useAdmin } from './admin-layout';
import { RowAction } from './row-action';

/** A write to a group or option changes the item it belongs to: read the items again. */
function useRefreshItems() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: adminKeys.items });
}

/** The choices a guest makes for the item (sides, doneness, extras): groups with a min/max rule and priced options. */
export function ModifierGroups({ item, canEdit }: { item: MenuItem; canEdit: boolean }) {
  const { t } = useTranslation();
  return (
    <section className="card admin__form" aria-labelledby="modifiers-title">
      <h2 id="modifiers-title">{t('modifiers.title')}</h2>
      {item.modifierGroups.length === 0 && <p className="muted">{t('modifiers.none')}</p>}
      {item.modifierGroups.map((group) => (
        <GroupCard key={group.id} group={group} canEdit={canEdit} />
      ))}
      {canEdit && <NewGroup itemId={item.id} />}
    </section>
  );
}

function GroupCard({ group, canEdit }: { group: ModifierGroup; canEdit: boolean }) {
  const { t } = useTranslation();
  const { settings } = useAdmin();
  const money = useMoney(settings.currency);
  const refresh = useRefreshItems();
  const id = useId();
  const remove = useMutation({ mutationFn: () => deleteModifierGroup(group.id), onSuccess: refresh });

  return (
    <div className="admin__group">
      <div className="admin__group-header">
        <h3 id={id}>
          {group.name}{' '}
          <span className="muted">· {t('modifiers.rule', { min: group.minSelections, max: group.maxSelections })}</span>
        </h3>
        {canEdit && (
          <RowAction action={t('delete')} name={group.name} busy={remove.isPending} onClick={() => remove.mutate()} />
        )}
      </div>
      <ul className="admin__options" aria-label={t('modifiers.options', { name: group.name })}>
        {group.options.map((option) => (
          <OptionRow key={option.id} option={option} price={money} canEdit={canEdit} />
        ))}
      </ul>
      {remove.isError && <Alert>{errorMessage(remove.error)}</Alert>}
      {canEdit && <NewOption group={group} />}
    </div>
  );
}

type OptionProps = { option: ModifierOption; price: (cents: number) => string; canEdit: boolean };

function OptionRow({ option, price, canEdit }: OptionProps) {
  const { t } = useTranslation();
  const refresh = useRefreshItems();
  const remove = useMutation({ mutationFn: () => deleteModifierOption(option.id), onSuccess: refresh });
  const toggle = useMutation({
    mutationFn: () => setOptionAvailability(option.id, !option.available),
    onSuccess: refresh,
  });
  const delta =
    option.priceDeltaCents === 0
      ? t('modifiers.free')
      : `${option.priceDeltaCents > 0 ? '+' : '−'}${price(Math.abs(option.priceDeltaCents))}`;

  return (
    <li className="admin__option">
      <span>
        {option.name} <span className="muted">({delta})</span>
      </span>
      <label className="admin__check admin__check--inline">
        <input type="checkbox" checked={!option.available} onChange={() => toggle.mutate()} />
        {t('modifiers.optionSoldOut', { name: option.name })}
      </label>
      {canEdit && (
        <RowAction action={t('delete')} name={option.name} busy={remove.isPending} onClick={() => remove.mutate()} />
      )}
      {(remove.isError || toggle.isError) && <Alert>{errorMessage(remove.error ?? toggle.error)}</Alert>}
    </li>
  );
}

function NewGroup({ itemId }: { itemId: string }) {
  const { t } = useTranslation();
  const refresh = useRefreshItems();
  const [name, setName] = useState('');
  const [min, setMin] = useState('0');
  const [max, setMax] = useState('1');
  const add = useMutation({
    mutationFn: () => createModifierGroup(itemId, { name, minSelections: Number(min), maxSelections: Number(max) }),
    onSuccess: async () => {
      setName('');
      await refresh();
    },
  });
  const errors = fieldErrors(add.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate();
  }

  return (
    <form className="admin__subform" onSubmit={submit} noValidate>
      <div className="admin__grid admin__grid--3">
        <TextField
          label={t('modifiers.group')}
          name="group-name"
          maxLength={80}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.name}
        />
        <TextField
          label={t('modifiers.min')}
          name="group-min"
          type="number"
          min={0}
          max={50}
          value={min}
          onChange={(e) => setMin(e.target.value)}
          error={errors.minSelections}
        />
        <TextField
          label={t('modifiers.max')}
          name="group-max"
          type="number"
          min={1}
          max={50}
          value={max}
          onChange={(e) => setMax(e.target.value)}
          error={errors.maxSelections}
        />
      </div>
      {add.isError && Object.keys(errors).length === 0 && <Alert>{errorMessage(add.error)}</Alert>}
      <Button type="submit" variant="secondary" busy={add.isPending} disabled={name.trim() === ''}>
        {t('modifiers.addGroup')}
      </Button>
    </form>
  );
}

function NewOption({ group }: { group: ModifierGroup }) {
  const { t } = useTranslation();
  const { settings } = useAdmin();
  const refresh = useRefreshItems();
  const [name, setName] = useState('');
  const [delta, setDelta] = useState('0');
  const [deltaError, setDeltaError] = useState<string>();
  const add = useMutation({
    mutationFn: (priceDeltaCents: number) => createModifierOption(group.id, { name, priceDeltaCents }),
    onSuccess: async () => {
      setName('');
      setDelta('0');
      await refresh();
    },
  });
  const errors = fieldErrors(add.error);

  function submit(event: FormEvent) {
    event.preventDefault();
    const negative = delta.trim().startsWith('-');
    const cents = parseMoney(delta.trim().replace(/^-/, ''), settings.currency);
    setDeltaError(Number.isNaN(cents) ? t('modifiers.notDelta') : undefined);
    if (!Number.isNaN(cents)) add.mutate(negative ? -cents : cents);
  }

  return (
    <form
      className="admin__subform"
      onSubmit={submit}
      noValidate
      aria-label={t('modifiers.addOptionTo', { name: group.name })}
    >
      <div className="admin__grid">
        <TextField
          label={t('modifiers.option')}
          name="option-name"
          maxLength={80}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.name}
        />
        <TextField
          label={t('modifiers.priceDelta', { currency: settings.currency })}
          name="option-delta"
          inputMode="decimal"
          value={delta}
          onChange={(e) => setDelta(e.target.value)}
          error={deltaError ?? errors.priceDeltaCents}
        />
      </div>
      {add.isError && Object.keys(errors).length === 0 && <Alert>{errorMessage(add.error)}</Alert>}
      <Button type="submit" variant="secondary" busy={add.isPending} disabled={name.trim() === ''}>
        {t('modifiers.addOption')}
      </Button>
    </form>
  );
}
