import PDFDocument from 'pdfkit';
import { UnicodeText } from '../../pdf/unicode-text.ts';
import type { ReceiptDocument } from './receipt.document.ts';

// A5 portrait in points: a receipt that prints on any office printer and reads on a phone.
const PAGE = { width: 419.53, height: 595.28 } as const;
const MARGIN = 36;
const RIGHT = PAGE.width - MARGIN;
const AMOUNT_WIDTH = 96;
const LABEL_WIDTH = RIGHT - MARGIN - AMOUNT_WIDTH - 8;

/**
 * The receipt as a PDF, in embedded Noto Sans so names in Hindi (or Greek,
 * Cyrillic…) print as written and stay searchable text.
 */
export function renderReceiptPdf(receipt: ReceiptDocument): Promise<Buffer> {
  const doc = new PDFDocument({
    size: [PAGE.width, PAGE.height],
    margin: MARGIN,
    info: { Title: `Receipt · ${receipt.restaurantName}`, Author: receipt.restaurantName, Creator: 'Plato' },
    lang: receipt.lang,
  });
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const text = new UnicodeText(doc);
  let y = MARGIN;
  /** Room for `height` more points on this page, or a new page. */
  const need = (height: number) => {
    if (y + height <= PAGE.height - MARGIN) return;
    doc.addPage();
    y = MARGIN;
  };

  text.lineCentred(receipt.restaurantName, PAGE.width / 2, y, 16, RIGHT - MARGIN, 700);
  y += 24;
  doc.fillColor('#555555');
  for (const fact of receipt.facts) {
    text.lineCentred(fact, PAGE.width / 2, y, 9, RIGHT - MARGIN);
    y += 13;
  }
  doc.fillColor('#000000');

  for (const section of receipt.sections) {
    need(30);
    y += 6;
    doc.save().lineWidth(0.5).strokeColor('#999999').dash(3, { space: 3 });
    doc.moveTo(MARGIN, y).lineTo(RIGHT, y).stroke();
    doc.undash().restore();
    y += 8;
    if (section.title) {
      text.lineFitted(section.title.toUpperCase(), MARGIN, y, 9, RIGHT - MARGIN, 700);
      y += 15;
    }
    for (const row of section.rows) {
      const details = (row.details ?? []).filter((d) => d !== '');
      need(15 + details.length * 11);
      const weight = row.strong ? 700 : 400;
      text.lineFitted(row.label, MARGIN, y, 10, LABEL_WIDTH, weight);
      if (row.amount !== undefined) text.lineRight(row.amount, RIGHT, y, 10, weight);
      y += 15;
      doc.fillColor('#555555');
      for (const detail of details) {
        text.lineFitted(detail, MARGIN + 10, y - 2, 8, LABEL_WIDTH - 10);
        y += 11;
      }
      doc.fillColor('#000000');
    }
  }
  need(24);
  y += 12;
  doc.fillColor('#555555');
  text.lineCentred('Thank you!', PAGE.width / 2, y, 9, RIGHT - MARGIN);
  doc.end();
  return done;
}
