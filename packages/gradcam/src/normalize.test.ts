import { describe, expect, it } from 'vitest';
import { normalizeByMax, normalizeMinMax } from './normalize';

describe('normalizeMinMax', () => {
  it('should map the minimum to 0 and the maximum to 1', () => {
    expect(Array.from(normalizeMinMax(new Float32Array([2, 4, 3])))).toEqual([0, 1, 0.5]);
  });
  it('should give zeros for a constant map', () => {
    expect(Array.from(normalizeMinMax(new Float32Array([5, 5])))).toEqual([0, 0]);
  });
});

describe('normalizeByMax', () => {
  it('should divide by the maximum and keep zero at zero', () => {
    expect(Array.from(normalizeByMax(new Float32Array([0, 2, 4, 1])))).toEqual([0, 0.5, 1, 0.25]);
  });
  it('should give zeros when nothing is positive', () => {
    expect(Array.from(normalizeByMax(new Float32Array([0, 0, -1])))).toEqual([0, 0, 0]);
  });
});
