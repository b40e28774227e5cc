import { describe, expect, it } from 'vitest';
import { assertImage, createImage } from './image-array';

describe('createImage', () => {
  it('should allocate height * width * channels zeros and copy spacing', () => {
    const spacing: [number, number] = [0.5, 0.7];
    const image = createImage(3, 4, 2, spacing);
    spacing[0] = 9;
    expect([image.data.length, image.spacing, Array.from(new Set(image.data))]).toEqual([24, [0.5, 0.7], [0]]);
  });

  it.each([[0, 4], [3, -1], [2.5, 4], [Number.NaN, 4]])('should reject dimensions %s x %s', (height, width) => {
    expect(() => createImage(height, width)).toThrow(/positive integer/);
  });
});

describe('assertImage', () => {
  it('should reject data whose length does not match the shape', () => {
    expect(() => assertImage({ data: new Float32Array(5), height: 2, width: 2, channels: 1 })).toThrow(/5 values but 2x2x1 needs 4/);
  });

  it('should reject zero or negative spacing', () => {
    expect(() => assertImage({ data: new Float32Array(4), height: 2, width: 2, channels: 1, spacing: [0, 1] })).toThrow(/spacing/);
  });

  it('should accept a well-formed image', () => {
    expect(() => assertImage(createImage(2, 2, 3, [1, 1]))).not.toThrow();
  });
});
