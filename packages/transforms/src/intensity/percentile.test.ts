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
