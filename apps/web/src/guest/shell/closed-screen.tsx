/** @jsxImportSource preact */
import { useT } from '../i18n';
import { publicTable } from '../store';
import { LanguageSelect } from './guest-shell';

export function ClosedScreen({ receiptUrl }: { receiptUrl: string | null }) {
  const t = useT();
  return (
    <main class="guest-center">
      <div class="guest-center__lang">
        <LanguageSelect />
      </div>
      {publicTable.value && <p class="eyebrow">{publicTable.value.restaurant.name}</p>}
      <h1>{t('closed.title')}</h1>
      <p>{t('closed.body')}</p>
      {receiptUrl && (
        <a class="button button--primary" href={receiptUrl} target="_blank" rel="noopener">
          {t('closed.receipt')}
        </a>
      )}
    </main>
  );
}
