import { describe, expect, it } from 'vitest';
import { inList } from './in-list.ts';

describe('inList', () => {
  it('pads to the next power of two with the last value, keeping every value', () => {
    expect(inList([])).toEqual([]);
    expect(inList(['a'])).toEqual(['a']);
    expect(inList(['a', 'b', 'c'])).toEqual(['a', 'b', 'c', 'c']);
    expect(inList(['a', 'b', 'c', 'd'])).toEqual(['a', 'b', 'c', 'd']);
    expect(inList([1, 2, 3, 4, 5])).toHaveLength(8);
  });

  it('gives a handful of lengths for any list up to a thousand', () => {
    const lengths = new Set(
      Array.from({ length: 1000 }, (_, n) => inList(Array.from({ length: n + 1 }, (_, i) => i)).length),
    );
    expect([...lengths].sort((a, b) => a - b)).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]);
  });
});
