import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button';

type ReasonFormProps = {
  label: string;
  submit: string;
  busy: boolean;
  onSubmit: (reason: string) => void;
  onCancel: () => void;
};

/** A reason is required before a void or a rejection: typed here, then confirmed. */
export function ReasonForm({ label, submit, busy, onSubmit, onCancel }: ReasonFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const [reason, setReason] = useState('');
  const send = (event: FormEvent) => {
    event.preventDefault();
    if (reason.trim()) onSubmit(reason.trim());
  };
  return (
    <form className="reason-form" onSubmit={send}>
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <input
        id={id}
        className="field__input"
        value={reason}
        maxLength={200}
        required
        autoFocus
        onChange={(event) => setReason(event.target.value)}
      />
      <div className="reason-form__actions">
        <Button type="submit" busy={busy} disabled={!reason.trim()}>
          {submit}
        </Button>
        <Button type="button" variant="secondary" onClick={onCancel}>
          {t('cancel')}
        </Button>
      </div>
    </form>
  );
}
