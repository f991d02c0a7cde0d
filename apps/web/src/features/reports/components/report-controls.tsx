import { SALES_GROUPINGS } from '@plato/contracts/constants';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button';
import { TextField } from '../../../components/ui/text-field';
import { defaultCustom, isWallTime, RANGE_PRESETS, type ReportView } from '../report-range';

type ReportControlsProps = {
  view: ReportView;
  /** The restaurant's date today, for the first custom window offered. */
  today: string;
  onChange: (view: ReportView) => void;
};

/** The period (presets, or a custom window in the restaurant's time) and the grouping. */
export function ReportControls({ view, today, onChange }: ReportControlsProps) {
  const { t } = useTranslation();
  // Choosing "Custom" opens the fields; the report changes only once a whole window is given.
  const [custom, setCustom] = useState(view.preset === 'custom');
  const checked = custom ? 'custom' : view.preset;

  return (
    <div className="reports__controls">
      <Pills
        legend={t('range.legend')}
        name="range"
        options={RANGE_PRESETS.map((preset) => [preset, t(`range.presets.${preset}`)])}
        checked={checked}
        onPick={(preset) => {
          setCustom(preset === 'custom');
          if (preset !== 'custom') onChange({ ...view, preset, from: '', to: '' });
        }}
      >
        {custom && <CustomWindow key={`${view.from}|${view.to}`} view={view} today={today} onApply={onChange} />}
      </Pills>
      <Pills
        legend={t('grouping.legend')}
        name="groupBy"
        options={SALES_GROUPINGS.map((groupBy) => [groupBy, t(`grouping.${groupBy}`)])}
        checked={view.groupBy}
        onPick={(groupBy) => onChange({ ...view, groupBy })}
      />
    </div>
  );
}

type PillsProps<T extends string> = {
  legend: string;
  name: string;
  options: [value: T, label: string][];
  checked: T;
  onPick: (value: T) => void;
  children?: ReactNode;
};

/** A radio group drawn as pills: arrow keys move within it, Tab leaves it, a tick marks the choice. */
function Pills<T extends string>({ legend, name, options, checked, onPick, children }: PillsProps<T>) {
  return (
    <fieldset className="reports__choices">
      <legend>{legend}</legend>
      <div className="reports__pills">
        {options.map(([value, label]) => (
          <label key={value} className="reports__pill">
            <input type="radio" name={name} value={value} checked={checked === value} onChange={() => onPick(value)} />
            <span>{label}</span>
          </label>
        ))}
      </div>
      {children}
    </fieldset>
  );
}

function CustomWindow({ view, today, onApply }: { view: ReportView; today: string; onApply: (v: ReportView) => void }) {
  const { t } = useTranslation();
  const initial = view.preset === 'custom' ? { from: view.from, to: view.to } : defaultCustom(today);
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  // The message's key, not its words: a change of language translates a message already shown.
  const [error, setError] = useState<'range.incomplete' | 'range.endBeforeStart'>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!isWallTime(from) || !isWallTime(to)) return setError('range.incomplete');
    if (from >= to) return setError('range.endBeforeStart');
    setError(undefined);
    onApply({ ...view, preset: 'custom', from, to });
  };

  return (
    <form className="reports__custom" onSubmit={submit} noValidate>
      <TextField
        label={t('range.from')}
        name="from"
        type="datetime-local"
        value={from}
        onChange={(e) => setFrom(e.target.value)}
        required
      />
      <TextField
        label={t('range.to')}
        name="to"
        type="datetime-local"
        value={to}
        onChange={(e) => setTo(e.target.value)}
        required
        error={error && t(error)}
      />
      <Button type="submit" variant="secondary">
        {t('range.apply')}
      </Button>
    </form>
  );
}
