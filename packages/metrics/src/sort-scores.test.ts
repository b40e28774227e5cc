import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortScores } from './sort-scores';

describe('sortScores', () => {
  it('should order large arrays exactly as the native typed-array sort, signs, zeros and ties included', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -3, max: 3 }), fc.constantFrom(0, -0, 1e-310, -1e-310)), { minLength: 4096, maxLength: 6000 }), (values) => {
        const expected = Float64Array.from(values).sort();
        const got = sortScores(Float64Array.from(values));
        expect(Buffer.from(got.buffer).equals(Buffer.from(expected.buffer))).toBe(true);
      }),
      { numRuns: 20, seed: 3 },
    );
  });
});
