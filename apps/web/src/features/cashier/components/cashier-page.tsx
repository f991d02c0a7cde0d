import { I18nextProvider, useTranslation } from 'react-i18next';
import { LanguagePicker } from '../../../components/ui/language-picker';
import { useParams } from 'react-router';
import type { LiveStatus } from '../../../lib/live-client';
import { NotAllowedPage } from '../../auth/components/not-allowed-page';
import { useStaff } from '../../auth/components/staff-layout';
import { approvesMoney, runsTill } from '../../auth/roles';
import '../cashier.css';
import { TILL_LANGUAGES, tillI18n } from '../i18n';
import { useTillLive } from '../use-till-live';
import { BillPanel } from './bill-panel';
import { OpenTables } from './open-tables';

/** The till: open tables with what they owe on the left, the chosen table's bill on the right. */
export function CashierPage() {
  const staff = useStaff();
  if (!runsTill(staff.role)) return <NotAllowedPage page="till" />;
  return (
    <I18nextProvider i18n={tillI18n}>
      <Till canApprove={approvesMoney(staff.role)} />
    </I18nextProvider>
  );
}

function Till({ canApprove }: { canApprove: boolean }) {
  const { t } = useTranslation();
  const status = useTillLive();
  const { sessionId } = useParams();

  return (
    <div className="till">
      <div className="till__header">
        <h1>{t('title')}</h1>
        <ConnectionState status={status} />
        <LanguagePicker label={t('language')} languages={TILL_LANGUAGES} className="till__language" />
      </div>
      <div className="till__columns">
        <OpenTables selected={sessionId} />
        {sessionId ? (
          <BillPanel key={sessionId} sessionId={sessionId} canApprove={canApprove} />
        ) : (
          <p className="card empty-state till__placeholder">{t('pickTable')}</p>
        )}
      </div>
    </div>
  );
}

function ConnectionState({ status }: { status: LiveStatus }) {
  const { t } = useTranslation();
  return (
    <p className={`live-state live-state--${status}`} role="status">
      <span aria-hidden="true" className="live-state__dot" />
      {t(`live.${status}`)}
    </p>
  );
}
