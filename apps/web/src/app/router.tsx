import { createBrowserRouter, Navigate, redirect } from 'react-router';
import { Spinner } from '../components/ui/spinner';
import { RootLayout } from './root-layout';
import { NotFoundPage, RootError, RouteError } from './route-error';

// Each staff surface is its own chunk. Guests never load this app: table links (`/t/…`) are the guest entry
// (guest.html, Preact), served by the Plato server.
export const router = createBrowserRouter([
  {
    Component: RootLayout,
    HydrateFallback: () => <Spinner />,
    ErrorBoundary: RootError,
    children: [
      { index: true, element: <Navigate to="/staff/login" replace /> },
      {
        path: 'staff/login',
        lazy: async () => {
          const { SignInPage, signInAction } = await import('../features/auth/components/sign-in-page');
          return { Component: SignInPage, action: signInAction };
        },
      },
      {
        path: 'staff/logout',
        // Signing out changes state, so only a POST does it; a typed-in URL just goes home.
        loader: () => redirect('/staff'),
        lazy: async () => {
          const { signOutAction } = await import('../features/auth/components/staff-layout');
          return { action: signOutAction };
        },
      },
      {
        lazy: async () => {
          const { StaffLayout, staffLoader } = await import('../features/auth/components/staff-layout');
          return { Component: StaffLayout, loader: staffLoader };
        },
        children: [
          {
            path: 'staff',
            ErrorBoundary: RouteError,
            lazy: async () => {
              const { StaffHomePage } = await import('../features/auth/components/staff-home-page');
              return { Component: StaffHomePage };
            },
          },
          {
            path: 'cashier/:sessionId?',
            ErrorBoundary: RouteError,
            lazy: async () => {
              const { CashierPage } = await import('../features/cashier/components/cashier-page');
              return { Component: CashierPage };
            },
          },
          {
            path: 'reports',
            ErrorBoundary: RouteError,
            lazy: async () => {
              const { ReportsPage } = await import('../features/reports/components/reports-page');
              return { Component: ReportsPage };
            },
          },
          {
            // The waiter's floor (phone or tablet): one layout holds the live socket and the alerts for its screens.
            path: 'waiter',
            ErrorBoundary: RouteError,
            lazy: async () => {
              const { WaiterLayout } = await import('../features/waiter/components/waiter-layout');
              return { Component: WaiterLayout };
            },
            children: [
              {
                index: true,
                lazy: async () => ({ Component: (await import('../features/waiter/components/floor-page')).FloorPage }),
              },
              {
                path: 'pass',
                lazy: async () => ({ Component: (await import('../features/waiter/components/pass-page')).PassPage }),
              },
              {
                path: 'tables/:tableId',
                lazy: async () => ({ Component: (await import('../features/waiter/components/table-page')).TablePage }),
              },
              {
                path: 'tables/:tableId/order',
                lazy: async () => ({ Component: (await import('../features/waiter/components/order-page')).OrderPage }),
              },
            ],
          },
          {
            // The back office: its own navigation, language and role check around every admin page.
            path: 'admin',
            ErrorBoundary: RouteError,
            lazy: async () => {
              const { AdminLayout } = await import('../features/admin/components/admin-layout');
              return { Component: AdminLayout };
            },
            children: [
              { index: true, element: <Navigate to="/admin/menu" replace /> },
              {
                path: 'menu',
                ErrorBoundary: RouteError,
                lazy: async () => ({ Component: (await import('../features/admin/components/menu-page')).MenuPage }),
              },
              {
                path: 'menu/items/:itemId',
                ErrorBoundary: RouteError,
                lazy: async () => ({ Component: (await import('../features/admin/components/item-page')).ItemPage }),
              },
              {
                path: 'tables',
                ErrorBoundary: RouteError,
                lazy: async () => ({
                  Component: (await import('../features/admin/components/tables-page')).TablesPage,
                }),
              },
              {
                path: 'staff',
                ErrorBoundary: RouteError,
                lazy: async () => ({ Component: (await import('../features/admin/components/staff-page')).StaffPage }),
              },
              {
                path: 'settings',
                ErrorBoundary: RouteError,
                lazy: async () => ({
                  Component: (await import('../features/admin/components/settings-page')).SettingsPage,
                }),
              },
              {
                path: 'audit',
                ErrorBoundary: RouteError,
                lazy: async () => ({ Component: (await import('../features/admin/components/audit-page')).AuditPage }),
              },
            ],
          },
        ],
      },
      {
        // The kitchen display and the pass: full screen, dark, with a frame of their own.
        path: 'kitchen',
        lazy: async () => {
          const { KitchenLayout, kitchenLayoutLoader } = await import('../features/kitchen/components/kitchen-layout');
          return { Component: KitchenLayout, loader: kitchenLayoutLoader };
        },
        children: [
          {
            index: true,
            ErrorBoundary: RouteError,
            lazy: async () => {
              const [{ KitchenPage }, { requireRole }, { usesKitchen }] = await Promise.all([
                import('../features/kitchen/components/kitchen-page'),
                import('../features/kitchen/api/kitchen-access'),
                import('../features/auth/roles'),
              ]);
              return { Component: KitchenPage, loader: requireRole(usesKitchen) };
            },
          },
          {
            path: 'expo',
            ErrorBoundary: RouteError,
            lazy: async () => {
              const [{ ExpoPage }, { requireRole }, { usesExpo }] = await Promise.all([
                import('../features/kitchen/components/expo-page'),
                import('../features/kitchen/api/kitchen-access'),
                import('../features/auth/roles'),
              ]);
              return { Component: ExpoPage, loader: requireRole(usesExpo) };
            },
          },
        ],
      },
      { path: '*', Component: NotFoundPage },
    ],
  },
]);
