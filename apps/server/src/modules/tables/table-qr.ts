import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { UnicodeText } from '../../pdf/unicode-text.ts';

/*
 * Renders a table's QR code: an SVG for the admin screen, and a printable A4
 * sheet of table cards. Error correction M survives a scuffed or stained card
 * while keeping the symbol small enough to scan from across the table.
 */

const ERROR_CORRECTION = 'M' as const;

/** The `qrcode` package's SVG of `url`, two modules of quiet zone around it. */
export function renderQrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', errorCorrectionLevel: ERROR_CORRECTION, margin: 2 });
}

export interface TableCard {
  tableName: string;
  url: string;
}

export interface CardSheet {
  restaurantName: string;
  title: string;
  cards: readonly TableCard[];
}

// A4 in PostScript points, cut into 2 × 3 cards of about 105 × 99 mm.
const PAGE = { width: 595.28, height: 841.89 } as const;
const COLUMNS = 2;
const ROWS = 3;
export const CARDS_PER_PAGE = COLUMNS * ROWS;
const CARD = { width: PAGE.width / COLUMNS, height: PAGE.height / ROWS } as const;
const PADDING = 18;
// Leaves at least four modules of white around the symbol for the usual URL lengths.
const QR_SIZE = 136;

/**
 * One A4 page per six cards, each with the restaurant's name, the table's
 * name, its QR code drawn as vector squares (sharp at any printer
 * resolution), "Scan to order" and the URL for guests whose camera will not
 * scan. Dashed lines show where to cut. An empty list gives one page saying so.
 *
 * Names are drawn in embedded Noto Sans (see `UnicodeText`), so a table
 * called "खिड़की 4" or "Окно 4" prints as written.
 */
export function renderTableCardsPdf(sheet: CardSheet): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    info: { Title: sheet.title, Author: sheet.restaurantName, Creator: 'Plato' },
  });
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const text = new UnicodeText(doc);
  if (sheet.cards.length === 0) {
    doc.addPage();
    text.lineCentred('No tables to print yet.', PAGE.width / 2, 80, 14, PAGE.width - 2 * PADDING);
  }
  sheet.cards.forEach((card, i) => {
    const slot = i % CARDS_PER_PAGE;
    if (slot === 0) {
      doc.addPage();
      drawCutLines(doc);
    }
    const x = (slot % COLUMNS) * CARD.width;
    const y = Math.floor(slot / COLUMNS) * CARD.height;
    drawCard(doc, text, sheet.restaurantName, card, x, y);
  });
  doc.end();
  return done;
}

function drawCard(
  doc: PDFKit.PDFDocument,
  text: UnicodeText,
  restaurantName: string,
  card: TableCard,
  x: number,
  y: number,
): void {
  const centre = x + CARD.width / 2;
  const width = CARD.width - 2 * PADDING;
  doc.fillColor('#555555');
  text.lineCentred(restaurantName, centre, y + PADDING, 11, width);
  doc.fillColor('#000000');
  text.lineCentred(card.tableName, centre, y + PADDING + 16, 26, width, 700);
  const qrTop = y + PADDING + 62;
  drawQr(doc, card.url, centre - QR_SIZE / 2, qrTop, QR_SIZE);
  text.lineCentred('Scan to order', centre, qrTop + QR_SIZE + 14, 11, width, 700);
  doc.fillColor('#333333');
  courierLine(doc, card.url, 8, centre, qrTop + QR_SIZE + 32, width);
  doc.fillColor('#000000');
}

/** Dark modules as filled rectangles, one per horizontal run, in a single fill. */
function drawQr(doc: PDFKit.PDFDocument, url: string, left: number, top: number, size: number): void {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: ERROR_CORRECTION });
  const unit = size / modules.size;
  for (let row = 0; row < modules.size; row += 1) {
    let col = 0;
    while (col < modules.size) {
      if (!modules.get(row, col)) {
        col += 1;
        continue;
      }
      const start = col;
      while (col < modules.size && modules.get(row, col)) col += 1;
      doc.rect(left + start * unit, top + row * unit, (col - start) * unit, unit);
    }
  }
  doc.fill('#000000');
}

/** The URL in Courier (a URL is ASCII), centred and shrunk to fit, so each character is easy to type. */
function courierLine(
  doc: PDFKit.PDFDocument,
  url: string,
  size: number,
  centre: number,
  top: number,
  maxWidth: number,
) {
  doc.font('Courier').fontSize(size);
  const natural = doc.widthOfString(url);
  if (natural > maxWidth) doc.fontSize((size * maxWidth) / natural);
  doc.text(url, centre - doc.widthOfString(url) / 2, top, { lineBreak: false });
}

function drawCutLines(doc: PDFKit.PDFDocument): void {
  doc.save().lineWidth(0.5).strokeColor('#9a9a9a').dash(4, { space: 4 });
  for (let c = 1; c < COLUMNS; c += 1) doc.moveTo(c * CARD.width, 0).lineTo(c * CARD.width, PAGE.height);
  for (let r = 1; r < ROWS; r += 1) doc.moveTo(0, r * CARD.height).lineTo(PAGE.width, r * CARD.height);
  doc.stroke().undash().restore();
}
