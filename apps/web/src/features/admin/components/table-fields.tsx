import { useTranslation } from 'react-i18next';
import { TextField } from '../../../components/ui/text-field';

/** A table's fields as typed (seats stays text until it is sent, so a half-typed number is not lost). */
export type TableDraft = { name: string; seats: string; area: string };

export const emptyTable: TableDraft = { name: '', seats: '4', area: '' };

type Props = {
  draft: TableDraft;
  onChange: (draft: TableDraft) => void;
  errors: Record<string, string>;
  autoFocus?: boolean;
};

/** Name, seats and area, for a new table and for changing one; each shows the server's refusal of it. */
export function TableFields({ draft, onChange, errors, autoFocus }: Props) {
  const { t } = useTranslation();
  return (
    <div className="admin__grid admin__grid--3">
      <TextField
        label={t('tables.name')}
        name="table-name"
        maxLength={40}
        value={draft.name}
        onChange={(e) => onChange({ ...draft, name: e.target.value })}
        error={errors.name}
        autoFocus={autoFocus}
      />
      <TextField
        label={t('tables.seats')}
        name="table-seats"
        type="number"
        min={1}
        max={100}
        value={draft.seats}
        onChange={(e) => onChange({ ...draft, seats: e.target.value })}
        error={errors.seats}
      />
      <TextField
        label={t('tables.area')}
        name="table-area"
        maxLength={40}
        value={draft.area}
        onChange={(e) => onChange({ ...draft, area: e.target.value })}
        error={errors.area}
      />
    </div>
  );
}
