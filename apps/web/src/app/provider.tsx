import { StrictMode, type ReactNode } from 'react';

/** App-wide providers live here (live-event socket, i18n) so main.tsx stays a one-liner. */
export function AppProvider({ children }: { children: ReactNode }) {
  return <StrictMode>{children}</StrictMode>;
}
