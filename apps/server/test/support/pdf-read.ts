import { fileURLToPath } from 'node:url';
import { OPS, getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const STANDARD_FONTS = fileURLToPath(new URL('../../../../node_modules/pdfjs-dist/standard_fonts/', import.meta.url));

export interface PdfPage {
  /** Each run of text pdf.js extracts, trimmed, empties dropped. */
  texts: string[];
  /** Whether the page paints any raster image. */
  hasImages: boolean;
}

/** The text pdf.js extracts from each page (through the fonts' ToUnicode maps), and whether it paints images. */
export async function readPdf(body: Buffer): Promise<PdfPage[]> {
  const pdf = await getDocument({
    data: new Uint8Array(body),
    useSystemFonts: false,
    isEvalSupported: false,
    standardFontDataUrl: STANDARD_FONTS,
    verbosity: 0,
  }).promise;
  try {
    const pages: PdfPage[] = [];
    for (let n = 1; n <= pdf.numPages; n += 1) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      const texts = content.items.flatMap((item) => ('str' in item && item.str.trim() ? [item.str.trim()] : []));
      const ops = await page.getOperatorList();
      const images = [OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageMaskXObject] as number[];
      pages.push({ texts, hasImages: ops.fnArray.some((op) => images.includes(op)) });
    }
    return pages;
  } finally {
    await pdf.destroy();
  }
}

/**
 * Whether two strings hold the same letters, in any order. A PDF holds
 * glyphs in visual order, so a Devanagari vowel sign drawn before its
 * consonant (ि in "टिक्का") comes out of text extraction before it.
 */
export const sameLetters = (a: string, b: string): boolean =>
  [...a.normalize('NFC')].sort().join('') === [...b.normalize('NFC')].sort().join('');

/**
 * Whether `text` (a page's runs joined) holds each word of `phrase`, its
 * letters in any order (see `sameLetters`). A PDF run ends wherever the
 * font changes, so a name may come out of extraction in several pieces.
 */
export function holdsWords(text: string, phrase: string): boolean {
  const chars = [...text.normalize('NFC')];
  return phrase.split(/\s+/).every((word) => {
    const n = [...word.normalize('NFC')].length;
    for (let i = 0; i + n <= chars.length; i += 1) if (sameLetters(chars.slice(i, i + n).join(''), word)) return true;
    return false;
  });
}

/** Whether extracted text shows a character that did not print: "?" (no font for it), NUL or U+FFFD (no glyph). */
export const drawnBadly = (text: string): boolean =>
  [...text].some((ch) => ch === '?' || ch === '\u0000' || ch === '\ufffd');
