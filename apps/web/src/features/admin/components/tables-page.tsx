import { useLoaderData, type LoaderFunctionArgs } from 'react-router';
import { getTables, type TableList } from '../api/get-tables';
import { allTablesQrPdfUrl, tableQrSvgUrl } from '../api/qr-urls';

export function tablesLoader({ request }: LoaderFunctionArgs): Promise<TableList> {
  return getTables(request.signal);
}

export function TablesPage() {
  const { tables } = useLoaderData<typeof tablesLoader>();

  return (
    <section aria-labelledby="tables-title">
      <div className="page-header">
        <div>
          <h1 id="tables-title">Tables</h1>
          <p className="muted">
            {tables.length === 1 ? '1 table' : `${tables.length} tables`}. Guests scan a table&rsquo;s QR code to order
            from their phone.
          </p>
        </div>
        <a className="button button--secondary" href={allTablesQrPdfUrl} target="_blank" rel="noopener">
          Print all QR codes
        </a>
      </div>

      {tables.length === 0 ? (
        <div className="card empty-state">No tables yet.</div>
      ) : (
        <div className="table-scroll card card--flush">
          <table className="data-table" aria-labelledby="tables-title">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col" className="data-table__number">
                  Seats
                </th>
                <th scope="col">Area</th>
                <th scope="col">Guest link</th>
                <th scope="col">QR code</th>
              </tr>
            </thead>
            <tbody>
              {tables.map((table) => (
                <tr key={table.id}>
                  <th scope="row">{table.name}</th>
                  <td className="data-table__number">{table.seats}</td>
                  <td>{table.area || <span className="muted">—</span>}</td>
                  <td>
                    <a
                      className="data-table__url"
                      href={table.qrUrl}
                      title={table.qrUrl}
                      target="_blank"
                      rel="noopener"
                    >
                      {table.qrUrl}
                    </a>
                  </td>
                  <td>
                    <a
                      href={tableQrSvgUrl(table.id)}
                      target="_blank"
                      rel="noopener"
                      aria-label={`QR code for ${table.name}`}
                    >
                      QR code
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
