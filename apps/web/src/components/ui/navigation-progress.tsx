import { useNavigation } from 'react-router';

/** A thin bar at the top of the page while a route's data loads or a form submits. */
export function NavigationProgress() {
  const busy = useNavigation().state !== 'idle';
  return <div className="navigation-progress" data-active={busy} aria-hidden="true" />;
}
