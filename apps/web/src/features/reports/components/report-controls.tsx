import { SALES_GROUPINGS } from '@plato/contracts/constants';
import { useState, type FormEvent } from 'react';
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
      <fieldset className="reports__choices">
        <legend>{t('range.legend')}</legend>
        <div className="reports__pills">
          {RANGE_PRESETS.map((preset) => (
            <label key={preset} className="reports__pill">
              <input
                type="radio"
                name="range"
                value={preset}
                checked={checked === preset}
                onChange={() => {
                  setCustom(preset === 'custom');
                  if (preset !== 'custom') onChange({ ...view, preset, from: '', to: '' });
                }}
              />
              <span>{t(`range.presets.${preset}`)}</span>
            </label>
          ))}
        </div>
        {custom && <CustomWindow key={`${view.from}|${view.to}`} view={view} today={today} onApply={onChange} />}
      </fieldset>

      <fieldset className="reports__choices">
        <legend>{t('grouping.legend')}</legend>
        <div className="reports__pills">
          {SALES_GROUPINGS.map((groupBy) => (
            <label key={groupBy} className="reports__pill">
              <input
                type="radio"
                name="groupBy"
                value={groupBy}
                checked={view.groupBy === groupBy}
                onChange={() => onChange({ ...view, groupBy })}
              />
              <span>{t(`grouping.${groupBy}`)}</span>
            </label>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

function CustomWindow({ view, today, onApply }: { view: ReportView; today: string; onApply: (v: ReportView) => void }) {
  const { t } = useTranslation();
  const initial = view.preset === 'custom' ? { from: view.from, to: view.to } : defaultCustom(today);
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const [error, setError] = useState<string>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!isWallTime(from) || !isWallTime(to)) return setError(t('range.incomplete'));
    if (from >= to) return setError(t('range.endBeforeStart'));
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
        error={error}
      />
      <Button type="submit" variant="secondary">
        {t('range.apply')}
      </Button>
    </form>
  );
}
