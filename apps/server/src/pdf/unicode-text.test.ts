import { describe, expect, it } from 'vitest';
import { textRuns } from './unicode-text.ts';

const texts = (s: string) => textRuns(s).map((r) => r.text);

describe('textRuns', () => {
  it('keeps Latin text, accents and the euro in one run; Latin Extended letters come from its own file', () => {
    expect(texts('Café Zürich — “Table 1” €5')).toEqual(['Café Zürich — “Table 1” €5']);
    expect(texts('Łódź')).toEqual(['Ł', 'ód', 'ź']);
  });

  it('gives Devanagari its own face, spaces staying inside the run', () => {
    const runs = textRuns('Paneer पनीर टिक्का ₹250');
    expect(runs.map((r) => r.text)).toEqual(['Paneer ', 'पनीर टिक्का ₹', '250']);
    expect(new Set(runs.map((r) => r.face)).size).toBe(2);
  });

  it('draws Cyrillic and Greek, and marks what no face covers', () => {
    // Digits are Latin: the run changes face there, which prints the same.
    expect(texts('Окно 4')).toEqual(['Окно ', '4']);
    expect(texts('Τραπέζι')).toEqual(['Τραπέζι']);
    expect(texts('桌 1')).toEqual(['?', ' 1']);
  });

  it('composes decomposed accents first', () => {
    expect(texts('Cafe\u0301')).toEqual(['Café']);
  });
});
