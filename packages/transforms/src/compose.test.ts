import type { ImageArray } from '@spinedx/core';
import { describe, expect, it } from 'vitest';
import { compose, type Transform } from './compose';

describe('compose', () => {
  it('should apply transforms left to right', () => {
    const image: ImageArray = { data: new Float32Array([1, 2]), height: 1, width: 2, channels: 1 };
    const add = (value: number): Transform => (input) => ({ ...input, data: Float32Array.from(input.data, (x) => x + value) });
    const double: Transform = (input) => ({ ...input, data: Float32Array.from(input.data, (x) => x * 2) });
    expect(Array.from(compose([add(1), double])(image).data)).toEqual([4, 6]);
  });
});
