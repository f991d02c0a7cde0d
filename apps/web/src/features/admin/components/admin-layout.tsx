import { useQuery } from '@tanstack/react-query';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { NavLink, Outlet, useOutletContext } from 'react-router';
import { Alert } from '../../../components/ui/alert';
import { LanguagePicker } from '../../../components/ui/language-picker';
import { Spinner } from '../../../components/ui/spinner';
import { errorMessage } from '../../../lib/error-message';
import type { RestaurantSettings, StaffView } from '@plato/contracts';
import { NotAllowedPage } from '../../auth/components/not-allowed-page';
import { useStaff } from '../../auth/components/staff-layout';
import { managesTables } from '../../auth/roles';
import '../admin.css';
import { settingsQuery } from '../api/settings-api';
import { ADMIN_LANGUAGES, adminI18n } from '../i18n';

/** What every back-office page gets: who is signed in, whether they may change things, the restaurant's settings. */
export type AdminContext = { staff: StaffView; canEdit: boolean; settings: RestaurantSettings };

export function useAdmin(): AdminContext {
  return useOutletContext<AdminContext>();
}

/**
 * The back office's frame: its own navigation and language, for admins (who change everything) and managers (who
 * read it, 86 items and read the audit log). The restaurant's settings load first: its currency and languages
 * drive how every page shows prices and which translations it asks for.
 */
export function AdminLayout() {
  const staff = useStaff();
  if (!managesTables(staff.role)) return <NotAllowedPage page={adminI18n.t('notAllowed')} />;
  return (
    <I18nextProvider i18n={adminI18n}>
      <BackOffice staff={staff} />
    </I18nextProvider>
  );
}

function BackOffice({ staff }: { staff: StaffView }) {
  const { t } = useTranslation();
  const settings = useQuery(settingsQuery);

  return (
    <div className="admin">
      <div className="admin__bar">
        <nav aria-label={t('nav.label')} className="admin__nav">
          {(['menu', 'tables', 'staff', 'settings', 'audit'] as const).map((page) => (
            <NavLink key={page} to={`/admin/${page}`}>
              {t(`nav.${page}`)}
            </NavLink>
          ))}
        </nav>
        <LanguagePicker label={t('language')} languages={ADMIN_LANGUAGES} className="admin__language" />
      </div>
      {settings.data ? (
        <Outlet context={{ staff, canEdit: staff.role === 'ADMIN', settings: settings.data } satisfies AdminContext} />
      ) : settings.isError ? (
        <Alert>{errorMessage(settings.error)}</Alert>
      ) : (
        <Spinner label={t('loading')} />
      )}
    </div>
  );
}
