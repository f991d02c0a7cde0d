import type { ReactNode } from 'react';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { Alert } from '../components/ui/alert';
import { ApiError } from '../lib/api-client';
import { errorMessage } from '../lib/error-message';

/** The boundary for pages inside the staff layout; /staff sends a signed-out visitor to sign in. */
export function RouteError() {
  return <ErrorContent home={<Link to="/staff">Back to staff home</Link>} />;
}

/** The last-resort boundary, outside every layout, so it brings its own page frame. */
export function RootError() {
  return (
    <main className="page">
      <ErrorContent />
    </main>
  );
}

export function NotFoundPage() {
  return (
    <main className="page">
      <ErrorPage title="Page not found">
        <p>There is nothing at this address.</p>
      </ErrorPage>
    </main>
  );
}

function ErrorContent({ home }: { home?: ReactNode }) {
  const error = useRouteError();
  const status = error instanceof ApiError || isRouteErrorResponse(error) ? error.status : undefined;

  if (status === 404) {
    return (
      <ErrorPage title="Page not found" home={home}>
        <p>There is nothing at this address.</p>
      </ErrorPage>
    );
  }
  if (status === 401) {
    return (
      <ErrorPage title="Your session has ended" home={<Link to="/staff/login">Sign in again</Link>}>
        <p>For your security, staff sessions expire.</p>
      </ErrorPage>
    );
  }
  if (status === 403) {
    return (
      <ErrorPage title="No access" home={home}>
        <Alert>Your role does not have access to this page.</Alert>
      </ErrorPage>
    );
  }
  return (
    <ErrorPage title="Something went wrong" home={home}>
      <Alert>{errorMessage(error)}</Alert>
      <p>
        <button type="button" className="button button--secondary" onClick={() => window.location.reload()}>
          Try again
        </button>
      </p>
    </ErrorPage>
  );
}

function ErrorPage({ title, home, children }: { title: string; home?: ReactNode; children: ReactNode }) {
  return (
    <section className="card error-page" aria-labelledby="error-title">
      <h1 id="error-title">{title}</h1>
      {children}
      {home && <p>{home}</p>}
    </section>
  );
}
