import { createRandom, type ImageArray, type Random } from '@spinedx/core';
import { describe, expect, it } from 'vitest';
import gibbsReferences from '../__fixtures__/gibbs-references.json';
import { flip } from '../geometry/flip';
import { randomBiasField } from './bias-field';
import { randomCoarseDropout } from './coarse-dropout';
import { randomGaussianNoise } from './gaussian-noise';
import { randomGibbsRinging } from './gibbs-ringing';
import { randomKSpaceSpike } from './k-space-spike';
import { randomAffine } from './random-affine';
import { randomCrop } from './random-crop';
import { randomFlip } from './random-flip';
import { randomGamma } from './random-gamma';

/** A 24x20 two-channel test image with structure (a bright block on a gradient) and spacing. */
function testImage(): ImageArray<Float32Array> {
  const height = 24;
  const width = 20;
  const data = new Float32Array(height * width * 2);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const value = 0.2 + 0.01 * x + (y > 6 && y < 16 && x > 5 && x < 12 ? 0.5 : 0);
      data[(y * width + x) * 2] = value;
      data[(y * width + x) * 2 + 1] = 1 - value;
    }
  }
  return { data, height, width, channels: 2, spacing: [0.6, 0.9] };
}

type Augmentation = (image: ImageArray, random: Random) => ImageArray<Float32Array>;
const augmentations: Array<[string, Augmentation]> = [
  ['randomAffine', (image, random) => randomAffine(image, random)],
  ['randomFlip', (image, random) => randomFlip(image, random)],
  ['randomCrop', (image, random) => randomCrop(image, random, { height: 10, width: 9 })],
  ['randomGamma', (image, random) => randomGamma(image, random)],
  ['randomGaussianNoise', (image, random) => randomGaussianNoise(image, random)],
  ['randomBiasField', (image, random) => randomBiasField(image, random)],
  ['randomKSpaceSpike', (image, random) => randomKSpaceSpike(image, random)],
  ['randomGibbsRinging', (image, random) => randomGibbsRinging(image, random)],
  ['randomCoarseDropout', (image, random) => randomCoarseDropout(image, random)],
];

describe.each(augmentations)('%s', (name, augment) => {
  it('should give the same output for the same seed and a different one for another seed', () => {
    const image = testImage();
    const first = augment(image, createRandom(1));
    const again = augment(image, createRandom(1));
    expect(Array.from(again.data)).toEqual(Array.from(first.data));
    // Flip has a 50% chance per seed of doing nothing, so compare over a few seeds.
    const others = [2, 3, 4, 5].map((seed) => Array.from(augment(image, createRandom(seed)).data));
    expect(others.some((other) => other.some((value, index) => value !== first.data[index]))).toBe(true);
  });

  it('should keep channels, dtype and spacing and leave the input untouched', () => {
    const image = testImage();
    const before = Array.from(image.data);
    const result = augment(image, createRandom(9));
    expect({ channels: result.channels, dtype: result.data.constructor.name, spacing: result.spacing }).toEqual({
      channels: 2,
      dtype: 'Float32Array',
      spacing: [0.6, 0.9],
    });
    expect(result.data.length).toBe(result.height * result.width * 2);
    expect(Array.from(image.data)).toEqual(before);
    expect(Array.from(result.data).every(Number.isFinite)).toBe(true);
  });

  it('should reject an image with NaN', () => {
    const image = testImage();
    image.data[5] = Number.NaN;
    expect(() => augment(image, createRandom(1))).toThrow(expect.objectContaining({ code: 'NON_FINITE', message: expect.stringContaining(name) }));
  });
});

describe('randomAffine', () => {
  it('should be the identity when every range is [0, 0] (scale [1, 1])', () => {
    const image = testImage();
    const result = randomAffine(image, createRandom(3), { rotation: [0, 0], scale: [1, 1], translate: [0, 0], shear: [0, 0] });
    expect(Array.from(result.data)).toEqual(Array.from(image.data));
  });

  it('should reject an inverted range', () => {
    expect(() => randomAffine(testImage(), createRandom(3), { rotation: [10, -10] })).toThrow(expect.objectContaining({ code: 'OUT_OF_RANGE' }));
  });
});

describe('randomFlip', () => {
  it('should always flip with probability 1 and never with 0', () => {
    const image = testImage();
    expect(Array.from(randomFlip(image, createRandom(1), { probability: 1 }).data)).toEqual(Array.from(flip(image, 'horizontal').data));
    expect(Array.from(randomFlip(image, createRandom(1), { probability: 0 }).data)).toEqual(Array.from(image.data));
  });
});

describe('randomCrop', () => {
  it('should return a window of the input', () => {
    const image: ImageArray = { data: Float32Array.from({ length: 30 }, (_, index) => index), height: 5, width: 6, channels: 1 };
    const result = randomCrop(image, createRandom(4), { height: 2, width: 3 });
    const top = Math.floor(result.data[0]! / 6);
    const left = result.data[0]! % 6;
    expect(Array.from(result.data)).toEqual([0, 1, 2, 6, 7, 8].map((offset) => top * 6 + left + offset));
  });

  it('should reject a crop larger than the image', () => {
    expect(() => randomCrop(testImage(), createRandom(1), { height: 50, width: 5 })).toThrow(expect.objectContaining({ code: 'OUT_OF_BOUNDS' }));
  });
});

describe('randomGamma', () => {
  it('should keep the minimum and maximum and bend values in between', () => {
    const image: ImageArray = { data: Float32Array.from([0, 0.25, 1]), height: 1, width: 3, channels: 1 };
    const result = randomGamma(image, createRandom(1), { gamma: [2, 2] });
    expect(Array.from(result.data)).toEqual([0, 0.0625, 1]);
  });
});

describe('randomGaussianNoise', () => {
  it('should add zero-mean noise with the drawn deviation', () => {
    const image: ImageArray = { data: new Float32Array(20000).fill(0.5), height: 100, width: 200, channels: 1 };
    const result = randomGaussianNoise(image, createRandom(8), { std: [0.1, 0.1] });
    const differences = Array.from(result.data, (value) => value - 0.5);
    const mean = differences.reduce((sum, value) => sum + value, 0) / differences.length;
    const deviation = Math.sqrt(differences.reduce((sum, value) => sum + (value - mean) ** 2, 0) / differences.length);
    expect([Math.abs(mean) < 0.005, Math.abs(deviation - 0.1) < 0.005]).toEqual([true, true]);
  });
});

describe('randomBiasField', () => {
  it('should multiply by a smooth positive field that is identical for every channel', () => {
    const image: ImageArray = { data: new Float32Array(64 * 64 * 2).fill(1), height: 64, width: 64, channels: 2 };
    const result = randomBiasField(image, createRandom(5), { coefficients: [0.05, 0.1] });
    const field = Array.from({ length: 64 * 64 }, (_, pixel) => result.data[pixel * 2]!);
    expect(field.every((value, pixel) => value === result.data[pixel * 2 + 1])).toBe(true);
    // Smooth: neighbouring pixels differ by a small fraction of the field's spread.
    const steps = field.flatMap((value, pixel) => (pixel % 64 === 63 ? [] : [Math.abs(field[pixel + 1]! - value)]));
    expect([Math.min(...field) > 0, Math.max(...field) > 1.05, Math.max(...steps) < 0.1 * (Math.max(...field) - Math.min(...field))]).toEqual([true, true, true]);
  });

  it('should be the identity with zero coefficients', () => {
    const image = testImage();
    expect(Array.from(randomBiasField(image, createRandom(5), { coefficients: [0, 0] }).data)).toEqual(Array.from(image.data));
  });
});

describe('randomKSpaceSpike', () => {
  it('should add a zero-mean stripe pattern of the requested amplitude', () => {
    const image: ImageArray = { data: Float32Array.from({ length: 32 * 32 }, (_, index) => (index % 32) / 31), height: 32, width: 32, channels: 1 };
    const result = randomKSpaceSpike(image, createRandom(6), { amplitude: [0.1, 0.1] });
    const stripes = Array.from(result.data, (value, index) => value - image.data[index]!);
    const mean = stripes.reduce((sum, value) => sum + value, 0) / stripes.length;
    expect(Math.abs(mean)).toBeLessThan(1e-6);
    expect(Math.max(...stripes.map(Math.abs))).toBeGreaterThan(0.08);
    expect(Math.max(...stripes.map(Math.abs))).toBeLessThanOrEqual(0.1 + 1e-6);
  });
});

describe('randomGibbsRinging', () => {
  // References: ../__fixtures__/generate-gibbs-references.py (numpy FFT truncation).
  it.each(gibbsReferences.cases)('should match numpy k-space truncation for $height x $width, alpha $alpha', ({ height, width, alpha, input, expected }) => {
    const image: ImageArray = { data: Float32Array.from(input), height, width, channels: 1 };
    const result = randomGibbsRinging(image, createRandom(1), { alpha: [alpha, alpha] });
    const worst = expected.reduce((max, value, index) => Math.max(max, Math.abs(result.data[index]! - value)), 0);
    expect(worst).toBeLessThan(1e-5);
  });

  it('should be the identity with alpha 0', () => {
    const image = testImage();
    expect(Array.from(randomGibbsRinging(image, createRandom(1), { alpha: [0, 0] }).data)).toEqual(Array.from(image.data));
  });
});

describe('randomCoarseDropout', () => {
  it('should blank between one and the requested number of rectangles', () => {
    const image: ImageArray = { data: new Float32Array(40 * 40).fill(1), height: 40, width: 40, channels: 1 };
    const result = randomCoarseDropout(image, createRandom(2), { holes: [2, 2], size: [0.1, 0.1], fill: -1 });
    const blanked = Array.from(result.data).filter((value) => value === -1).length;
    // Two 4x4 holes: 16 to 32 pixels depending on overlap.
    expect(blanked >= 16 && blanked <= 32).toBe(true);
  });
});
