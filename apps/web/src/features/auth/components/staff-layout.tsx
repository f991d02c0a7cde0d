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
import type { StaffView } from '@plato/contracts';
import { getMe } from '../api/get-me';
import { logout } from '../api/logout';
import { managesTables, runsTill, servesFloor } from '../roles';

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
  const { staff } = useLoaderData<typeof staffLoader>();
  const runsTables = managesTables(staff.role);

  return (
    <div className="staff-shell">
      <header className="app-header">
        <div className="app-header__inner">
          <NavLink to="/staff" className="app-header__brand">
            <Brand />
          </NavLink>
          <nav aria-label="Staff" className="app-header__nav">
            {servesFloor(staff.role) && <NavLink to="/waiter">Floor</NavLink>}
            {runsTill(staff.role) && <NavLink to="/cashier">Till</NavLink>}
            {runsTables && <NavLink to="/admin/tables">Tables</NavLink>}
          </nav>
          <div className="app-header__user">
            <span className="app-header__name">{staff.name}</span>
            <span className="badge">{staff.role}</span>
            <Form method="post" action="/staff/logout">
              <Button type="submit" variant="ghost">
                Sign out
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
