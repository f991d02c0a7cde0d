import { useTranslation } from 'react-i18next';

/** A screen's data could not be read: say so and offer to read it again. */
export function LoadFailed({ onRetry }: { onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <div role="alert" className="kds-notice kds-notice--error">
      {t('loadFailed')}{' '}
      <button type="button" className="kds-button" onClick={onRetry}>
        {t('retry')}
      </button>
    </div>
  );
}
