import { createHash } from 'node:crypto';
import type { ReceiptDocument, ReceiptRow } from './receipt.document.ts';

/*
 * The receipt as one self-contained, printable page: inline CSS, no script,
 * no outside resource, so it shows the same on a phone, on a till and
 * printed, and its Content-Security-Policy can forbid everything else.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Names, notes and reasons are user input: escaped wherever they land (text or attribute). */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);

const STYLE = `
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Devanagari",sans-serif}
body{margin:0;background:#f4f4f4;color:#111}
main{max-width:26rem;margin:1rem auto;background:#fff;padding:1.25rem 1.5rem;box-shadow:0 1px 4px #0002}
h1{font-size:1.3rem;margin:0 0 .25rem;text-align:center}
.facts{margin:0 0 1rem;padding:0;list-style:none;text-align:center;color:#555;font-size:.85rem}
h2{font-size:.95rem;margin:1rem 0 .25rem;text-transform:uppercase;letter-spacing:.04em;color:#444}
table{width:100%;border-collapse:collapse;font-size:.95rem}
section{border-top:1px dashed #999;padding-top:.5rem;margin-top:.5rem}
td{padding:.15rem 0;vertical-align:top}
td.amount{text-align:right;white-space:nowrap;padding-left:1rem;font-variant-numeric:tabular-nums}
tr.strong td{font-weight:700}
.details{display:block;color:#555;font-size:.8rem}
footer{margin-top:1rem;text-align:center;font-size:.8rem;color:#555}
@media print{body{background:#fff}main{box-shadow:none;margin:0;max-width:none}footer a{display:none}}
`
  .trim()
  .replace(/\n/g, '');

/** The Content-Security-Policy the page needs: its one inline style block, by hash, and nothing else. */
export const RECEIPT_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function row(r: ReceiptRow): string {
  const details = (r.details ?? [])
    .filter((d) => d !== '')
    .map((d) => `<span class="details">${escapeHtml(d)}</span>`)
    .join('');
  const amount = r.amount === undefined ? '' : escapeHtml(r.amount);
  return `<tr${r.strong ? ' class="strong"' : ''}><td>${escapeHtml(r.label)}${details}</td><td class="amount">${amount}</td></tr>`;
}

/** `pdfHref`: where the same receipt is as a PDF, relative to the page. */
export function receiptHtml(doc: ReceiptDocument, pdfHref: string): string {
  const sections = doc.sections
    .map(
      (s) =>
        `<section>${s.title ? `<h2>${escapeHtml(s.title)}</h2>` : ''}<table>${s.rows.map(row).join('')}</table></section>`,
    )
    .join('');
  return [
    '<!doctype html>',
    `<html lang="${escapeHtml(doc.lang)}">`,
    '<head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    '<meta name="robots" content="noindex">',
    `<title>Receipt · ${escapeHtml(doc.restaurantName)}</title>`,
    `<style>${STYLE}</style></head>`,
    '<body><main>',
    `<h1>${escapeHtml(doc.restaurantName)}</h1>`,
    `<ul class="facts">${doc.facts.map((f) => `<li>${escapeHtml(f)}</li>`).join('')}</ul>`,
    sections,
    `<footer>Thank you! · <a href="${escapeHtml(pdfHref)}">PDF</a></footer>`,
    '</main></body></html>',
  ].join('');
}
