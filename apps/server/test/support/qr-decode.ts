import jsQRModule from 'jsqr';

// jsqr is CommonJS: importers get its module.exports, whose `default` is the decoder.
const jsQR = jsQRModule.default;

/*
 * Reads a QR code back from the SVG the `qrcode` package writes, so tests
 * prove what a phone camera would see rather than trusting the markup. The
 * SVG draws dark modules as one stroked path (stroke-width 1, in module
 * units) of axis-aligned segments — `M x y h n m dx 0 h n …` — which this
 * rasteriser fills into an RGBA bitmap with a white quiet zone.
 */

export interface Bitmap {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The axis-aligned rectangles a stroked path of horizontal and vertical segments paints. */
function strokeRects(d: string, strokeWidth: number): Rect[] {
  const rects: Rect[] = [];
  const half = strokeWidth / 2;
  let x = 0;
  let y = 0;
  let startX = 0;
  let startY = 0;
  const lineTo = (nx: number, ny: number) => {
    if (nx !== x && ny !== y) throw new Error(`diagonal segment in QR path: ${x},${y} → ${nx},${ny}`);
    if (ny === y && nx !== x) rects.push({ x0: Math.min(x, nx), x1: Math.max(x, nx), y0: y - half, y1: y + half });
    if (nx === x && ny !== y) rects.push({ x0: x - half, x1: x + half, y0: Math.min(y, ny), y1: Math.max(y, ny) });
    x = nx;
    y = ny;
  };
  for (const [, cmd, args] of d.matchAll(/([MmLlHhVvZz])([^MmLlHhVvZz]*)/g)) {
    const n = (args!.match(/-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi) ?? []).map(Number);
    switch (cmd) {
      case 'M':
      case 'm': {
        const rel = cmd === 'm';
        x = (rel ? x : 0) + n[0]!;
        y = (rel ? y : 0) + n[1]!;
        [startX, startY] = [x, y];
        // Further pairs after a move are implicit line-tos.
        for (let i = 2; i + 1 < n.length; i += 2) lineTo((rel ? x : 0) + n[i]!, (rel ? y : 0) + n[i + 1]!);
        break;
      }
      case 'L':
      case 'l':
        for (let i = 0; i + 1 < n.length; i += 2)
          lineTo((cmd === 'l' ? x : 0) + n[i]!, (cmd === 'l' ? y : 0) + n[i + 1]!);
        break;
      case 'H':
      case 'h':
        for (const v of n) lineTo((cmd === 'h' ? x : 0) + v, y);
        break;
      case 'V':
      case 'v':
        for (const v of n) lineTo(x, (cmd === 'v' ? y : 0) + v);
        break;
      default:
        lineTo(startX, startY);
    }
  }
  return rects;
}

const attr = (tag: string, name: string): string | undefined => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

/**
 * Rasterises the dark (stroked) paths of a `qrcode` SVG at `scale` pixels per
 * module, adding `quietZone` white modules around the SVG's own margin.
 */
export function rasteriseQrSvg(svg: string, scale = 8, quietZone = 4): Bitmap {
  const viewBox = /viewBox="([^"]+)"/
    .exec(svg)?.[1]
    ?.split(/[\s,]+/)
    .map(Number);
  if (!viewBox || viewBox.length !== 4) throw new Error('SVG has no viewBox');
  const [minX, minY, vbWidth, vbHeight] = viewBox as [number, number, number, number];
  const width = Math.ceil((vbWidth + 2 * quietZone) * scale);
  const height = Math.ceil((vbHeight + 2 * quietZone) * scale);
  const data = new Uint8ClampedArray(width * height * 4).fill(255);

  for (const [tag] of svg.matchAll(/<path\b[^>]*>/g)) {
    const stroke = attr(tag, 'stroke');
    const d = attr(tag, 'd');
    // Filled paths are the light background; the bitmap starts white.
    if (!stroke || stroke === 'none' || !d) continue;
    for (const r of strokeRects(d, Number(attr(tag, 'stroke-width') ?? 1))) {
      // A pixel is dark when its centre lies inside the painted rectangle.
      const toPx = (v: number, min: number) => (v - min + quietZone) * scale;
      const px0 = Math.max(0, Math.round(toPx(r.x0, minX)));
      const px1 = Math.min(width, Math.round(toPx(r.x1, minX)));
      const py0 = Math.max(0, Math.round(toPx(r.y0, minY)));
      const py1 = Math.min(height, Math.round(toPx(r.y1, minY)));
      for (let py = py0; py < py1; py += 1) {
        for (let px = px0; px < px1; px += 1) {
          const i = (py * width + px) * 4;
          data[i] = data[i + 1] = data[i + 2] = 0;
        }
      }
    }
  }
  return { data, width, height };
}

/** The text a `qrcode` SVG encodes, or null when no QR code can be read from it. */
export function decodeQrSvg(svg: string): string | null {
  const { data, width, height } = rasteriseQrSvg(svg);
  return jsQR(data, width, height, { inversionAttempts: 'dontInvert' })?.data ?? null;
}
