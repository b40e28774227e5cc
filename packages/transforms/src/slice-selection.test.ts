import { describe, expect, it } from 'vitest';
import { centralSlices, middleSlice, selectSlices, sliceRange } from './slice-selection';

const series = ['s0', 's1', 's2', 's3', 's4', 's5'];

describe('selectSlices', () => {
  it.each([
    [{ mode: 'middle' } as const, ['s2']],
    [{ mode: 'central', count: 3 } as const, ['s1', 's2', 's3']],
    [{ mode: 'central', count: 2 } as const, ['s2', 's3']],
    [{ mode: 'all' } as const, series],
    [{ mode: 'range', start: 4, end: 5 } as const, ['s4', 's5']],
  ])('should pick %j', (selection, expected) => {
    expect(selectSlices(series, selection)).toEqual(expected);
  });

  it('should keep middleSlice inside centralSlices for odd and even series', () => {
    expect(middleSlice(['a', 'b', 'c'])).toBe('b');
    expect(centralSlices(series, 1)).toEqual([middleSlice(series)]);
  });

  it('should reject an empty series, a count above the length and an inverted range', () => {
    expect(() => selectSlices([], { mode: 'all' })).toThrow(expect.objectContaining({ code: 'EMPTY' }));
    expect(() => centralSlices(series, 7)).toThrow(expect.objectContaining({ code: 'OUT_OF_RANGE', message: expect.stringContaining('[1, 6]') }));
    expect(() => sliceRange(series, 3, 2)).toThrow(expect.objectContaining({ code: 'OUT_OF_RANGE' }));
  });
});
