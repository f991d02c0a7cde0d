import { describe, expect, it } from 'vitest';
import { basisPoints, percentText } from './percent';

describe('percentages as an admin types them', () => {
  it('reads whole and two-decimal rates, with a point or a comma, into basis points', () => {
    expect(basisPoints('8')).toBe(800);
    expect(basisPoints(' 8.25 ')).toBe(825);
    expect(basisPoints('8,25')).toBe(825);
    expect(basisPoints('0')).toBe(0);
    expect(basisPoints('100')).toBe(10_000);
    // 0.29 * 100 is 28.999… in floating point: rounded, not truncated.
    expect(basisPoints('0.29')).toBe(29);
  });

  it('refuses what is not a plain percentage', () => {
    for (const text of ['', ' ', '8.255', '-5', '8%', 'abc', '1e2', '.5']) expect(basisPoints(text)).toBeNaN();
  });

  it('writes basis points back as the same text', () => {
    expect(percentText(825)).toBe('8.25');
    expect(percentText(2000)).toBe('20');
    expect(basisPoints(percentText(1)).valueOf()).toBe(1);
  });
});
