import {
  Form,
  NavLink,
  Outlet,
  redirect,
  useLoaderData,
  useOutletContext,
  type LoaderFunctionArgs,
} from 'react-router';
import { Brand } from '../../../components/ui/brand';
import { Button } from '../../../components/ui/button';
import { ApiError } from '../../../lib/api-client';
import { useDocumentLanguage } from '../../../hooks/use-document-language';
import type { StaffView } from '@plato/contracts';
import { getMe } from '../api/get-me';
import { logout } from '../api/logout';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { readsReports } from '../../reports/reports-access';
import { shellI18n } from '../i18n';
import { managesTables, runsTill, servesFloor, usesKitchen } from '../roles';

type StaffContext = { staff: StaffView };

export async function staffLoader({ request }: LoaderFunctionArgs): Promise<StaffContext> {
  try {
    return await getMe(request.signal);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) throw redirect('/staff/login');
    throw error;
  }
}

export async function signOutAction(): Promise<Response> {
  try {
    await logout();
  } catch (error) {
    // An expired session is already signed out; anything else is worth reporting.
    if (!(error instanceof ApiError && error.status === 401)) throw error;
  }
  return redirect('/staff/login');
}

/** The signed-in staff member, for pages rendered inside the staff layout. */
export function useStaff(): StaffView {
  return useOutletContext<StaffContext>().staff;
}

export function StaffLayout() {
  // Every surface's catalogs follow the language picked on any of them, and so does the shell's: the page's
  // `lang` follows the shell's.
  useDocumentLanguage(shellI18n);
  return (
    <I18nextProvider i18n={shellI18n}>
      <StaffShell />
    </I18nextProvider>
  );
}

function StaffShell() {
  const { staff } = useLoaderData<typeof staffLoader>();
  const { t } = useTranslation();

  return (
    <div className="staff-shell">
      <header className="app-header">
        <div className="app-header__inner">
          <NavLink to="/staff" className="app-header__brand">
            <Brand />
          </NavLink>
          <nav aria-label={t('nav.label')} className="app-header__nav">
            {servesFloor(staff.role) && <NavLink to="/waiter">{t('nav.floor')}</NavLink>}
            {usesKitchen(staff.role) && <NavLink to="/kitchen">{t('nav.kitchen')}</NavLink>}
            {runsTill(staff.role) && <NavLink to="/cashier">{t('nav.till')}</NavLink>}
            {managesTables(staff.role) && <NavLink to="/admin">{t('nav.backOffice')}</NavLink>}
            {readsReports(staff.role) && <NavLink to="/reports">{t('nav.reports')}</NavLink>}
          </nav>
          <div className="app-header__user">
            <span className="app-header__name">{staff.name}</span>
            <span className="badge">{staff.role}</span>
            <Form method="post" action="/staff/logout">
              <Button type="submit" variant="ghost">
                {t('signOut')}
              </Button>
            </Form>
          </div>
        </div>
      </header>
      <main className="page">
        <Outlet context={{ staff } satisfies StaffContext} />
      </main>
    </div>
  );
}
