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

  describe('on images large enough for the sampled brackets', () => {
    const length = 256 * 256;
    /** Sorting in float64 and numpy's interpolation from the nearer end: what the function must equal exactly. */
    function byFullSort(values: Float32Array, percentiles: readonly number[]): number[] {
      const sorted = Float64Array.from(values).sort();
      return percentiles.map((q) => {
        const position = (q / 100) * (sorted.length - 1);
        const below = sorted[Math.floor(position)]!;
        const above = sorted[Math.min(Math.floor(position) + 1, sorted.length - 1)]!;
        const fraction = position - Math.floor(position);
        return fraction >= 0.5 ? above - (above - below) * (1 - fraction) : below + (above - below) * fraction;
      });
    }
    const random = createRandom(31);
    const cases: Array<[string, Float32Array]> = [
      ['an MR-like slice with hot outliers', Float32Array.from({ length }, (_, index) => (index % 256 > 80 && index % 256 < 170 ? 900 + random.normal(0, 150) : random.uniform(20, 90)) + (index % 9973 === 0 ? 40000 : 0))],
      ['80% zeros (ties defeat the sample)', Float32Array.from({ length }, () => (random.next() < 0.8 ? 0 : random.uniform(1, 4000)))],
      ['ascending values', Float32Array.from({ length }, (_, index) => index * 0.25 - 3000)],
      ['descending negative values with -0', Float32Array.from({ length }, (_, index) => (index === 7 ? -0 : -index * 1.5))],
      ['a sample that sees only outliers', Float32Array.from({ length }, (_, index) => (index % 32 === 0 ? 1e6 : random.uniform(0, 100)))],
      ['a constant image', new Float32Array(length).fill(17.5)],
    ];
    it.each(cases)('should equal a full sort exactly on %s', (_, values) => {
      for (const percentiles of [[0.5, 99.5], [0, 100], [2, 98], [50], [1, 50, 99], [99.9, 0.1]]) {
        expect(computePercentiles(values, percentiles)).toEqual(byFullSort(values, percentiles));
      }
    });

    it.each([Number.NaN, Infinity, -Infinity])('should reject %s away from the sampled positions', (bad) => {
      const values = Float32Array.from({ length }, () => random.uniform(0, 100));
      values[12345] = bad;
      expect(() => computePercentiles(values, [0.5, 99.5])).toThrow(expect.objectContaining({ code: 'NON_FINITE' }));
    });
  });
});

