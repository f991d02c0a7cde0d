import { useLoaderData, type LoaderFunctionArgs } from 'react-router';
import { Brand } from '../../../components/ui/brand';
import { ApiError } from '../../../lib/api-client';
import type { PublicTableResponse } from '@plato/contracts';
import { getPublicTable } from '../api/get-public-table';

type TableLanding = { table: PublicTableResponse | null };

export async function tableLandingLoader({ params, request }: LoaderFunctionArgs): Promise<TableLanding> {
  try {
    return { table: await getPublicTable(params.qrToken ?? '', request.signal) };
  } catch (error) {
    // A mistyped, unknown or rotated code is an expected outcome for a guest, not an app error.
    if (error instanceof ApiError && (error.status === 400 || error.status === 404)) return { table: null };
    throw error;
  }
}

export function TableLandingPage() {
  const { table } = useLoaderData<typeof tableLandingLoader>();

  return (
    <main className="guest-layout">
      <section className="card guest-card" aria-labelledby="table-title">
        <Brand />
        {table ? (
          <>
            <p className="guest-card__restaurant">{table.restaurant.name}</p>
            <h1 id="table-title">{table.table.name}</h1>
            <p className="muted">
              {table.sessionOpen
                ? 'Your table is open. Ask your waiter for the table PIN.'
                : 'Your waiter will open this table for you.'}
            </p>
          </>
        ) : (
          <>
            <h1 id="table-title">This table code is not valid</h1>
            <p className="muted">Please ask your waiter for help.</p>
          </>
        )}
      </section>
    </main>
  );
}
