import { describe, expect, it } from 'vitest';
import { convOutputSize } from './conv-output-size';

describe('convOutputSize', () => {
  it.each([
    [224, 7, 2, 3, 112],
    [199, 7, 2, 3, 100],
    [237, 3, 2, 1, 119],
    [7, 3, 1, 1, 7],
  ])('should give PyTorch sizes for input %i kernel %i stride %i padding %i', (input, kernel, stride, padding, expected) => {
    expect(convOutputSize(input, kernel, stride, padding)).toBe(expected);
  });
});
