import { Link } from 'react-router';
import { Alert } from '../../../components/ui/alert';
import { shellI18n } from '../i18n';

/**
 * What a staff page shows to a role that may not use it (the API would answer 403 anyway). Surfaces render it
 * inside their own i18n provider, so it reads the shell's catalog directly; `page` comes in the caller's words.
 */
export function NotAllowedPage({ page }: { page: string }) {
  const t = shellI18n.t;
  return (
    <section className="card error-page" aria-labelledby="not-allowed-title">
      <h1 id="not-allowed-title">{t('notAllowed.title')}</h1>
      <Alert>{t('notAllowed.body', { page })}</Alert>
      <p>
        <Link to="/staff">{t('notAllowed.back')}</Link>
      </p>
    </section>
  );
}
