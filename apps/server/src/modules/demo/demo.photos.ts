import { createHash } from 'node:crypto';

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A small generated "photo" for a demo dish: a plate on a tablecloth in the
 * category's colours, with a garnish pattern derived from the dish name so
 * every item looks different. About 1 KB each, nothing shipped or downloaded.
 */
export function demoPhotoSvg(name: string, [from, to]: [string, string]): string {
  const seed = createHash('sha256').update(name).digest();
  const dots = Array.from({ length: 7 }, (_, i) => {
    const angle = (seed[i]! / 255) * Math.PI * 2;
    const r = 40 + (seed[i + 7]! % 45);
    const cx = (200 + Math.cos(angle) * r).toFixed(1);
    const cy = (150 + Math.sin(angle) * r * 0.8).toFixed(1);
    const size = 10 + (seed[i + 14]! % 16);
    const shade = i % 2 === 0 ? from : to;
    return `<circle cx="${cx}" cy="${cy}" r="${size}" fill="${shade}" opacity="0.85"/>`;
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" role="img" aria-label="${escapeXml(name)}">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${from}"/><stop offset="1" stop-color="${to}"/></linearGradient></defs>
<rect width="400" height="300" fill="url(#g)"/>
<ellipse cx="200" cy="160" rx="150" ry="118" fill="#000" opacity="0.15"/>
<ellipse cx="200" cy="150" rx="150" ry="118" fill="#fdfdfb"/>
<ellipse cx="200" cy="150" rx="112" ry="88" fill="#f1efe9"/>
${dots}
</svg>
`;
}
