import { InvalidArgumentError } from '@spinedx/core';
import { describe, expect, it } from 'vitest';
import { accuracyScore } from './accuracy';

describe('accuracyScore', () => {
  it('should count matching labels', () => {
    expect(accuracyScore([0, 1, 1, 0], [0, 1, 0, 0])).toBe(0.75);
  });
  it('should reject a length mismatch with a typed error naming both lengths', () => {
    expect(() => accuracyScore([0, 1], [0])).toThrow(/accuracyScore: expected yTrue and yPred of the same length, received 2 and 1/);
    expect(() => accuracyScore([0, 1], [0])).toThrow(InvalidArgumentError);
  });
  it('should reject NaN labels', () => {
    expect(() => accuracyScore([0, NaN], [0, 1])).toThrow(/finite numeric labels in yTrue, received NaN at index 1/);
  });
});
