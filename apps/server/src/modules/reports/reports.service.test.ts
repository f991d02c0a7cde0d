import { describe, expect, it } from 'vitest';
import { summarise } from './reports.service.ts';

describe('summarise', () => {
  it('answers the average and the nearest-rank 90th percentile, to a tenth of a second', () => {
    expect(summarise([])).toEqual({ avg: null, p90: null });
    expect(summarise([42])).toEqual({ avg: 42, p90: 42 });
    expect(summarise([10, 1, 9, 2, 8, 3, 7, 4, 6, 5])).toEqual({ avg: 5.5, p90: 9 });
    // One slow plate in ten moves the average, not the p90.
    expect(summarise([...Array.from({ length: 9 }, () => 1), 100])).toEqual({ avg: 10.9, p90: 1 });
    expect(summarise([1.04, 2.06])).toEqual({ avg: 1.6, p90: 2.1 });
  });
});
