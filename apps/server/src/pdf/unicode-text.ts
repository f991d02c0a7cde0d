import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';

/*
 * Text in any script the restaurant's names are likely written in, for the
 * PDFs we print (receipts, QR sheets). The standard PDF fonts only draw
 * Western European text, so we embed Noto Sans, which Fontsource ships cut
 * into one file per Unicode subset (latin, cyrillic, greek, devanagari…):
 * a string is split into runs, each drawn with the file that covers it, and
 * pdfkit embeds only the glyphs used, with a ToUnicode map so the text
 * stays searchable and copyable.
 *
 * The files are found through the packages' exports (require.resolve), so
 * they are found from the sources (tsx, vitest) and from the bundled server
 * in dist/ alike, wherever npm put node_modules.
 */

const require = createRequire(import.meta.url);

export type Weight = 400 | 700;

interface Face {
  /** The name the face is registered under in a document, per weight. */
  name: (weight: Weight) => string;
  file: (weight: Weight) => string;
  ranges: ReadonlyArray<readonly [number, number]>;
}

/** Fontsource's `unicode.json` range list ("U+0000-00FF,U+0131,…") as inclusive pairs. */
function parseRanges(list: string): Array<[number, number]> {
  return list.split(',').map((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
    const start = parseInt(from!, 16);
    return [start, to === undefined ? start : parseInt(to, 16)];
  });
}

/*
 * WOFF, not WOFF2: fontkit rebuilds WOFF2's transformed glyph table in a way
 * its subsetter cannot copy composite glyphs from (a RangeError when the PDF
 * is finished, e.g. for Devanagari conjuncts and Greek accented letters).
 */
function facesOf(pkg: string, family: string, subsets: readonly string[]): Face[] {
  const ranges = require(`${pkg}/unicode.json`) as Record<string, string>;
  return subsets.map((subset) => {
    // Resolved at once, so a missing file fails the first PDF of any script, not a later Hindi one.
    const files = {
      400: require.resolve(`${pkg}/files/${family}-${subset}-400-normal.woff`),
      700: require.resolve(`${pkg}/files/${family}-${subset}-700-normal.woff`),
    };
    return {
      name: (weight: Weight) => `${family}-${subset}-${weight}`,
      file: (weight: Weight) => files[weight],
      ranges: parseRanges(ranges[subset]!),
    };
  });
}

let faces: Face[] | undefined;
/**
 * Latin first (most text is), and Devanagari from the Noto Sans Devanagari
 * family, whose Hindi shaping and glyphs are the reference ones.
 */
function allFaces(): Face[] {
  faces ??= [
    ...facesOf('@fontsource/noto-sans', 'noto-sans', ['latin', 'latin-ext', 'vietnamese']),
    ...facesOf('@fontsource/noto-sans-devanagari', 'noto-sans-devanagari', ['devanagari']),
    ...facesOf('@fontsource/noto-sans', 'noto-sans', ['greek', 'greek-ext', 'cyrillic', 'cyrillic-ext']),
  ];
  return faces;
}

const covers = (face: Face, code: number) => face.ranges.some(([from, to]) => code >= from && code <= to);

export interface TextRun {
  /** Index into the faces; -1 for characters no face draws (shown as "?"). */
  face: number;
  text: string;
}

/**
 * The text cut into runs of one face each. A character stays in the
 * current run when its face covers it, and so do spaces (every face has
 * them), so a Hindi name with spaces is one run that shapes as a whole.
 * Characters no face covers (e.g. CJK: a font for them weighs megabytes)
 * print as "?".
 */
export function textRuns(text: string): TextRun[] {
  const list = allFaces();
  const runs: TextRun[] = [];
  let current: TextRun | undefined;
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0)!;
    let face: number;
    if (current && current.face >= 0 && (ch === ' ' || ch === '\u00a0' || covers(list[current.face]!, code))) {
      face = current.face;
    } else {
      face = list.findIndex((f) => covers(f, code));
    }
    const drawn = face === -1 ? '?' : ch;
    if (current && current.face === face) current.text += drawn;
    else {
      current = { face, text: drawn };
      runs.push(current);
    }
  }
  return runs;
}

/**
 * A WOFF font as the plain TrueType/OpenType file it wraps. fontkit reads
 * WOFF itself, but inflates a table (with a pure-JS inflate) on every read
 * of it, glyph by glyph: unwrapped once here with zlib, a receipt renders
 * in a few milliseconds instead of hundreds.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF font');
  const numTables = woff.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 44 + i * 20;
    const offset = woff.readUInt32BE(at + 4);
    const compLength = woff.readUInt32BE(at + 8);
    const origLength = woff.readUInt32BE(at + 12);
    const stored = woff.subarray(offset, offset + compLength);
    return {
      tag: woff.subarray(at, at + 4),
      checksum: woff.readUInt32BE(at + 16),
      data: compLength < origLength ? inflateSync(stored) : stored,
    };
  });
  const entrySelector = Math.floor(Math.log2(numTables));
  const header = Buffer.alloc(12 + numTables * 16);
  header.writeUInt32BE(woff.readUInt32BE(4), 0);
  header.writeUInt16BE(numTables, 4);
  header.writeUInt16BE(2 ** entrySelector * 16, 6);
  header.writeUInt16BE(entrySelector, 8);
  header.writeUInt16BE(numTables * 16 - 2 ** entrySelector * 16, 10);
  const parts: Buffer[] = [header];
  let offset = header.length;
  tables.forEach((table, i) => {
    const record = 12 + i * 16;
    table.tag.copy(header, record);
    header.writeUInt32BE(table.checksum, record + 4);
    header.writeUInt32BE(offset, record + 8);
    header.writeUInt32BE(table.data.length, record + 12);
    const padded = Buffer.alloc((table.data.length + 3) & ~3);
    table.data.copy(padded);
    parts.push(padded);
    offset += padded.length;
  });
  return Buffer.concat(parts);
}

const fileCache = new Map<string, Buffer>();
const fontData = (file: string): Buffer => {
  let data = fileCache.get(file);
  if (!data) {
    data = woffToSfnt(readFileSync(file));
    fileCache.set(file, data);
  }
  return data;
};

/** Where the baseline sits below a line's top, in ems (Noto Sans Latin's ascent). */
const BASELINE = 1.069;

/** Writes Unicode text on a pdfkit document, choosing the embedded face per run. */
export class UnicodeText {
  private readonly registered = new Set<string>();

  constructor(private readonly doc: PDFKit.PDFDocument) {}

  private use(run: TextRun, weight: Weight, size: number): string {
    // A "?" for an uncovered character is plain Latin.
    const face = allFaces()[Math.max(run.face, 0)]!;
    const name = face.name(weight);
    if (!this.registered.has(name)) {
      this.doc.registerFont(name, fontData(face.file(weight)));
      this.registered.add(name);
    }
    this.doc.font(name).fontSize(size);
    return run.text;
  }

  /** The width `text` takes at `size`. */
  width(text: string, size: number, weight: Weight = 400): number {
    let width = 0;
    for (const run of textRuns(text)) width += this.doc.widthOfString(this.use(run, weight, size));
    return width;
  }

  /**
   * Draws `text` on one line whose top is `y`, from `x`, never wrapped;
   * answers the width drawn. The runs share one baseline (the faces'
   * ascents differ, so placing each by its own top would make them jump).
   */
  line(text: string, x: number, y: number, size: number, weight: Weight = 400): number {
    let at = x;
    const baseline = y + size * BASELINE;
    for (const run of textRuns(text)) {
      const piece = this.use(run, weight, size);
      this.doc.text(piece, at, baseline, { lineBreak: false, baseline: 'alphabetic' });
      at += this.doc.widthOfString(piece);
    }
    return at - x;
  }

  /** `text` ending at `right`. */
  lineRight(text: string, right: number, y: number, size: number, weight: Weight = 400): void {
    this.line(text, right - this.width(text, size, weight), y, size, weight);
  }

  /** `text` from `x`, shrunk until it fits `maxWidth` (never wrapped). */
  lineFitted(text: string, x: number, y: number, size: number, maxWidth: number, weight: Weight = 400): void {
    const natural = this.width(text, size, weight);
    this.line(text, x, y, natural > maxWidth ? (size * maxWidth) / natural : size, weight);
  }

  /** `text` centred on `centre`, shrunk until it fits `maxWidth` (never wrapped, so a name stays one piece). */
  lineCentred(text: string, centre: number, y: number, size: number, maxWidth: number, weight: Weight = 400): void {
    const natural = this.width(text, size, weight);
    const fitted = natural > maxWidth ? (size * maxWidth) / natural : size;
    this.line(text, centre - this.width(text, fitted, weight) / 2, y, fitted, weight);
  }
}
