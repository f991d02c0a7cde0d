import { Outlet, ScrollRestoration } from 'react-router';
import { NavigationProgress } from '../components/ui/navigation-progress';

export function RootLayout() {
  return (
    <>
      <NavigationProgress />
      <Outlet />
      <ScrollRestoration />
    </>
  );
}
