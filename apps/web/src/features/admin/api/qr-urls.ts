// Plain links rather than fetches: the browser opens them with the staff cookie
// and the server sets the download names.

export function tableQrSvgUrl(tableId: string): string {
  return `/api/v1/admin/tables/${encodeURIComponent(tableId)}/qr.svg`;
}

export const allTablesQrPdfUrl = '/api/v1/admin/tables/qr.pdf';
