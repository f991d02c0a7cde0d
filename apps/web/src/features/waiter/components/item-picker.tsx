import { COURSE_MAX } from '@plato/contracts';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button';
import { formatMoney } from '../../../lib/money';
import { randomKey } from '../../../lib/retry';
import {
  clampQuantity,
  groupFull,
  lineTotalCents,
  missingGroup,
  toggleOption,
  type DraftLine,
  type MenuGroup,
  type MenuItem,
} from '../order-draft';

const COURSES = Array.from({ length: COURSE_MAX }, (_, i) => i + 1);

type ItemPickerProps = {
  item: MenuItem;
  currency: string;
  onAdd: (line: DraftLine) => void;
  onCancel: () => void;
};

/** A dish's choices before it joins the order: each group within its min and max, quantity, note, course. */
export function ItemPicker({ item, currency, onAdd, onCancel }: ItemPickerProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [optionIds, setOptionIds] = useState<string[]>([]);
  const [quantity, setQuantity] = useState(1);
  const [note, setNote] = useState('');
  const [course, setCourse] = useState(1);
  const [tried, setTried] = useState(false);
  const missing = missingGroup(item, optionIds);
  const money = (cents: number) => formatMoney(cents, currency, i18n.language);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (missing) return;
    onAdd({ key: randomKey(), item, optionIds, quantity, note, course });
  };

  return (
    <form className="item-picker" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('order.choose', { name: item.name })}</h3>
      {item.description && <p className="muted">{item.description}</p>}
      {item.allergens.length > 0 && (
        <p className="item-picker__allergens">{item.allergens.map((a) => t(`allergen.${a}`)).join(', ')}</p>
      )}
      {item.modifierGroups.map((group) => (
        <GroupChoice
          key={group.id}
          group={group}
          chosen={optionIds}
          money={money}
          invalid={tried && missing?.id === group.id}
          onToggle={(optionId) => setOptionIds((current) => toggleOption(group, current, optionId))}
        />
      ))}
      <div className="item-picker__row">
        <div className="stepper" role="group" aria-labelledby={`${id}-qty`}>
          <span id={`${id}-qty`} className="field__label">
            {t('order.quantity')}
          </span>
          <div className="stepper__controls">
            <Button
              type="button"
              variant="secondary"
              aria-label={t('order.less')}
              disabled={quantity <= 1}
              onClick={() => setQuantity((q) => clampQuantity(q - 1))}
            >
              −
            </Button>
            <output aria-live="polite">{quantity}</output>
            <Button
              type="button"
              variant="secondary"
              aria-label={t('order.more')}
              onClick={() => setQuantity((q) => clampQuantity(q + 1))}
            >
              +
            </Button>
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${id}-course`} className="field__label">
            {t('order.course')}
          </label>
          <select
            id={`${id}-course`}
            className="field__input"
            value={course}
            onChange={(event) => setCourse(Number(event.target.value))}
          >
            {COURSES.map((c) => (
              <option key={c} value={c}>
                {t(`order.courses.${c}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-note`} className="field__label">
          {t('order.note')}
        </label>
        <textarea
          id={`${id}-note`}
          className="field__input"
          rows={2}
          maxLength={200}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
      </div>
      {tried && missing && (
        <p className="inline-error" role="alert">
          {t('order.missing', { group: missing.name })}
        </p>
      )}
      <div className="item-picker__actions">
        <Button type="submit">
          {t('order.addToOrder')} · {money(lineTotalCents({ item, optionIds, quantity }))}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          {t('cancel')}
        </Button>
      </div>
    </form>
  );
}

type GroupChoiceProps = {
  group: MenuGroup;
  chosen: readonly string[];
  money: (cents: number) => string;
  invalid: boolean;
  onToggle: (optionId: string) => void;
};

function GroupChoice({ group, chosen, money, invalid, onToggle }: GroupChoiceProps) {
  const { t } = useTranslation();
  const single = group.max === 1;
  const full = groupFull(group, chosen);
  const rule =
    group.min === group.max
      ? t('order.rule.exactly', { count: group.min })
      : group.min === 0
        ? t('order.rule.upTo', { count: group.max })
        : t('order.rule.range', { min: group.min, max: group.max });
  return (
    <fieldset className={`choice-list${invalid ? ' choice-list--invalid' : ''}`} aria-invalid={invalid || undefined}>
      <legend>
        {group.name} <span className="muted">({rule})</span>
      </legend>
      {group.options.map((option) => {
        const checked = chosen.includes(option.id);
        return (
          <label key={option.id} className={`choice${option.available ? '' : ' choice--sold-out'}`}>
            <input
              type={single ? 'radio' : 'checkbox'}
              name={`group-${group.id}`}
              checked={checked}
              disabled={!option.available || (!checked && full)}
              onChange={() => onToggle(option.id)}
              onClick={() => {
                // A radio cannot be unticked by a tap: an optional one-choice group lets the waiter take it back.
                if (single && checked && group.min === 0) onToggle(option.id);
              }}
            />
            <span>
              {option.name}
              {option.priceDeltaCents !== 0 &&
                ` (${option.priceDeltaCents > 0 ? '+' : ''}${money(option.priceDeltaCents)})`}
              {!option.available && ` · ${t('order.soldOut')}`}
            </span>
          </label>
        );
      })}
    </fieldset>
  );
}
