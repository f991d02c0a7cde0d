import {
  ALLERGENS,
  DIETARY_TAGS,
  type Allergen,
  type Category,
  type DietaryTag,
  type MenuItem,
  type Station,
} from '@plato/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Alert } from '../../../components/ui/alert';
import { Button } from '../../../components/ui/button';
import { TextField } from '../../../components/ui/text-field';
import { errorMessage } from '../../../lib/error-message';
import { parseMoney } from '../../../lib/money';
import { amountInput } from '../../../components/ui/use-money';
import { adminKeys } from '../api/admin-keys';
import { fieldErrors } from '../api/field-errors';
import { createItem, updateItem } from '../api/menu-api';
import { useAdmin } from './admin-layout';
import { SelectField } from './form-fields';

type Props = {
  item: MenuItem | undefined;
  categoryId: string;
  categories: Category[];
  stations: Station[];
  canEdit: boolean;
};

/** What an item is and costs: created here, or changed in one save (a price change is audited by the server). */
export function ItemDetailsForm({ item, categoryId, categories, stations, canEdit }: Props) {
  const { t } = useTranslation();
  const { settings } = useAdmin();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState(item?.name ?? '');
  const [description, setDescription] = useState(item?.description ?? '');
  const [category, setCategory] = useState(categoryId);
  const [price, setPrice] = useState(item ? amountInput(item.priceCents, settings.currency) : '');
  const [station, setStation] = useState(item?.stationId ?? '');
  const [allergens, setAllergens] = useState<Allergen[]>(item?.allergens ?? []);
  const [tags, setTags] = useState<DietaryTag[]>(item?.tags ?? []);
  const [priceError, setPriceError] = useState<string>();

  const save = useMutation({
    mutationFn: (priceCents: number) => {
      const fields = {
        name,
        description,
        categoryId: category,
        priceCents,
        stationId: station || null,
        allergens,
        tags,
      };
      return item ? updateItem(item.id, fields) : createItem(fields);
    },
    onSuccess: async (saved) => {
      queryClient.setQueryData(
        adminKeys.items,
        (cached: MenuItem[] | undefined) =>
          cached &&
          (cached.some((i) => i.id === saved.id)
            ? cached.map((i) => (i.id === saved.id ? saved : i))
            : [...cached, saved]),
      );
      if (!item) await navigate(`/admin/menu/items/${saved.id}`, { state: { created: saved.name } });
    },
  });
  const errors = fieldErrors(save.error);
  const defaultStation = stations.find((s) => s.id === settings.defaultStationId);

  function submit(event: FormEvent) {
    event.preventDefault();
    const cents = parseMoney(price, settings.currency);
    setPriceError(Number.isNaN(cents) ? t('item.notPrice') : undefined);
    if (!Number.isNaN(cents)) save.mutate(cents);
  }

  return (
    <form className="card admin__form" onSubmit={submit} noValidate aria-labelledby="item-details-title">
      <h2 id="item-details-title">{t('item.details')}</h2>
      <fieldset className="admin__bare" disabled={!canEdit}>
        <div className="admin__grid">
          <TextField
            label={t('item.name')}
            name="name"
            value={name}
            maxLength={80}
            onChange={(e) => setName(e.target.value)}
            error={errors.name}
          />
          <TextField
            label={t('item.price', { currency: settings.currency })}
            name="price"
            inputMode="decimal"
            autoComplete="off"
            value={price}
            onChange={(e) => setPrice(e.target.value)}
            error={priceError ?? errors.priceCents}
          />
          <SelectField
            label={t('item.category')}
            value={category}
            onChange={(e) => setCategory(e.target.value)}
            error={errors.categoryId}
          >
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </SelectField>
          <SelectField
            label={t('item.station')}
            value={station}
            onChange={(e) => setStation(e.target.value)}
            error={errors.stationId}
          >
            <option value="">{t('item.followDefault', { name: defaultStation?.name ?? t('none') })}</option>
            {stations.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="field">
          <label className="field__label" htmlFor="item-description">
            {t('item.description')}
          </label>
          <textarea
            id="item-description"
            className="field__input admin__textarea"
            maxLength={500}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            aria-invalid={errors.description ? true : undefined}
          />
          {errors.description && <p className="field__error">{errors.description}</p>}
        </div>
        <Choices
          legend={t('item.allergens')}
          values={ALLERGENS}
          chosen={allergens}
          label={(a) => t(`allergens.${a}`)}
          onChange={setAllergens}
        />
        <Choices
          legend={t('item.tags')}
          values={DIETARY_TAGS}
          chosen={tags}
          label={(tag) => t(`tags.${tag}`)}
          onChange={setTags}
        />
      </fieldset>
      {save.isError && Object.keys(errors).length === 0 && <Alert>{errorMessage(save.error)}</Alert>}
      {save.isSuccess && item && <Alert tone="info">{t('saved')}</Alert>}
      {canEdit && (
        <div className="admin__actions">
          <Button type="submit" busy={save.isPending}>
            {item ? t('save') : t('create')}
          </Button>
        </div>
      )}
    </form>
  );
}

type ChoicesProps<T extends string> = {
  legend: string;
  values: readonly T[];
  chosen: T[];
  label: (value: T) => string;
  onChange: (chosen: T[]) => void;
};

function Choices<T extends string>({ legend, values, chosen, label, onChange }: ChoicesProps<T>) {
  return (
    <fieldset className="admin__choices">
      <legend>{legend}</legend>
      {values.map((value) => (
        <label key={value} className="admin__choice">
          <input
            type="checkbox"
            checked={chosen.includes(value)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, value] : chosen.filter((v) => v !== value))}
          />
          {label(value)}
        </label>
      ))}
    </fieldset>
  );
}
