import { describe, expect, it } from 'vitest';
import { winAnsi } from './table-qr.ts';

describe('winAnsi', () => {
  it('keeps what the standard PDF fonts can draw', () => {
    expect(winAnsi('Café Zürich — “Table 1” €5')).toBe('Café Zürich — “Table 1” €5');
  });

  it('drops accents the fonts lack and marks the rest', () => {
    expect(winAnsi('Łódź')).toBe('?ódz');
    expect(winAnsi('桌 1')).toBe('? 1');
  });
});
