import { createRandom, type ImageArray } from '@spinedx/core';
import { describe, expect, it } from 'vitest';
import { randomAffine } from './augment/random-affine';
import { flip } from './geometry/flip';
import { keyed, keyedRandom } from './keyed';

const image: ImageArray = { data: Float32Array.from({ length: 36 }, (_, index) => index), height: 6, width: 6, channels: 1 };
const mask: ImageArray = { data: Float32Array.from({ length: 36 }, (_, index) => (index % 6 > 2 ? 1 : 0)), height: 6, width: 6, channels: 1 };

describe('keyed', () => {
  it('should apply a transform to the listed keys only and copy other fields', () => {
    const result = keyed(['image'], (input) => flip(input, 'horizontal'))({ image, mask, label: 1 });
    expect([result.image.data[0], result.mask, result.label]).toEqual([5, mask, 1]);
  });

  it('should reject a record without a listed key', () => {
    expect(() => keyed(['mask'], (input) => input)({ image } as never)).toThrow(expect.objectContaining({ code: 'MISSING_KEY' }));
  });
});

describe('keyedRandom', () => {
  it('should give every key the same random draws', () => {
    const transform = keyedRandom(['image', 'copy'], (random) => (input) => randomAffine(input, random, { interpolation: 'nearest' }), createRandom(3));
    const result = transform({ image, copy: image });
    expect(Array.from(result.copy.data)).toEqual(Array.from(result.image.data));
    expect(Array.from(result.image.data)).not.toEqual(Array.from(image.data));
  });

  it('should draw new parameters on each call', () => {
    const transform = keyedRandom(['image'], (random) => (input) => randomAffine(input, random), createRandom(3));
    expect(Array.from(transform({ image }).image.data)).not.toEqual(Array.from(transform({ image }).image.data));
  });
});
