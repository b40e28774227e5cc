import { createRandom } from '@spinedx/core';
import { describe, expect, it } from 'vitest';
import references from '../__fixtures__/intensity-references.json';
import { computePercentiles } from './percentile';

// References: ../__fixtures__/generate-intensity-references.py (np.percentile, method 'linear').
describe('computePercentiles', () => {
  it.each(references.percentiles)('should match np.percentile on $name', ({ values, percentiles, expected }) => {
    const result = computePercentiles(Float32Array.from(values), percentiles);
    result.forEach((value, index) => expect(value).toBeCloseTo(expected[index]!, 3));
  });

  it.each([1, 2, 3, 4, 5])('should agree with sorting on random float32 data (seed %i)', (seed) => {
    const random = createRandom(seed);
    const values = Float32Array.from({ length: 5000 }, () => (random.next() < 0.3 ? 0 : random.normal(50, 400)));
    const sorted = Float64Array.from(values).sort();
    const rank = (q: number): number => {
      const position = (q / 100) * (sorted.length - 1);
      const below = Math.floor(position);
      return sorted[below]! + (sorted[Math.min(below + 1, sorted.length - 1)]! - sorted[below]!) * (position - below);
    };
    const qs = [0, 0.5, 13.7, 50, 99.5, 100];
    const result = computePercentiles(values, qs);
    qs.forEach((q, index) => expect(result[index]).toBeCloseTo(rank(q), 4));
  });

  it('should stay exact when many values share one high bin (the histogram path for crowded bins)', () => {
    const random = createRandom(12);
    // 10000 zeros, 10000 values in [1024, 1032) (one bin of the high 16 key bits) and 10000 spread values.
    const values = Float32Array.from({ length: 30000 }, (_, index) => (index < 10000 ? 0 : index < 20000 ? random.uniform(1024, 1032) : random.uniform(-50, 5000)));
    const sorted = Float64Array.from(values).sort();
    const qs = [10, 33.3, 45, 50, 60, 99];
    const result = computePercentiles(values, qs);
    qs.forEach((q, index) => {
      const position = (q / 100) * (sorted.length - 1);
      const below = Math.floor(position);
      expect(result[index]).toBeCloseTo(sorted[below]! + (sorted[below + 1]! - sorted[below]!) * (position - below), 4);
    });
  });

  it('should reject NaN and infinite values', () => {
    expect(() => computePercentiles(Float32Array.from([1, Number.NaN]), [50])).toThrow(expect.objectContaining({ code: 'NON_FINITE' }));
    expect(() => computePercentiles(Float64Array.from([1, -Infinity]), [50])).toThrow(expect.objectContaining({ code: 'NON_FINITE' }));
  });

  it('should handle integer arrays, negative zero and a single value', () => {
    expect(computePercentiles(new Uint16Array([4000, 0, 10, 10]), [0, 50, 100])).toEqual([0, 10, 4000]);
    expect(computePercentiles(new Int32Array([-7, 3]), [50])).toEqual([-2]);
    expect(computePercentiles(Float32Array.from([-0, 0, -1]), [0, 100])).toEqual([-1, 0]);
    expect(computePercentiles(Float32Array.from([42]), [0, 37, 100])).toEqual([42, 42, 42]);
  });

  it('should reject an empty array and percentiles outside [0, 100]', () => {
    expect(() => computePercentiles(new Float32Array(0), [50])).toThrow(expect.objectContaining({ code: 'EMPTY' }));
    expect(() => computePercentiles(new Float32Array(3), [101])).toThrow(expect.objectContaining({ code: 'OUT_OF_RANGE' }));
  });
});
