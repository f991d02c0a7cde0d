import { Link } from 'react-router';
import { Alert } from '../../../components/ui/alert';

/** What a staff page shows to a role that may not use it (the API would answer 403 anyway). */
export function NotAllowedPage({ page }: { page: string }) {
  return (
    <section className="card error-page" aria-labelledby="not-allowed-title">
      <h1 id="not-allowed-title">Not allowed</h1>
      <Alert>Your role may not use the {page}. Ask a manager if you need it.</Alert>
      <p>
        <Link to="/staff">Back to staff home</Link>
      </p>
    </section>
  );
}
