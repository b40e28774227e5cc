import { describe, expect, it } from 'vitest';
import { accuracyScore } from './accuracy';

describe('accuracyScore', () => {
  it('should count matching labels', () => {
    expect(accuracyScore([0, 1, 1, 0], [0, 1, 0, 0])).toBe(0.75);
  });
  it('should reject a length mismatch', () => {
    expect(() => accuracyScore([0, 1], [0])).toThrow(/2 labels but yPred has 1/);
  });
});
