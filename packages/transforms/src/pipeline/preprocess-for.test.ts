import { createRandom, type ImageArray } from '@spinedx/core';
import { describe, expect, it } from 'vitest';
import { compose } from '../compose';
import { centerCrop } from '../geometry/crop';
import { resize } from '../geometry/resize';
import { normalize } from '../intensity/normalize';
import { replicateChannels } from '../intensity/replicate-channels';
import { scaleIntensityPercentiles } from '../intensity/scale-intensity-percentiles';
import { windowLevel } from '../intensity/window-level';
import type { PreprocessConfig } from './preprocess-config';
import { preprocessFor } from './preprocess-for';

// Shaped like @spinedx/backbones' PretrainedConfig (extra fields included) to check structural compatibility.
const resnetLike = {
  inputSize: [3, 32, 32] as const,
  interpolation: 'bilinear' as const,
  cropPct: 0.875,
  mean: [0.485, 0.456, 0.406] as const,
  std: [0.229, 0.224, 0.225] as const,
  numClasses: 1000,
  firstConv: 'conv1',
  classifier: 'fc',
};

/** A synthetic MR-like slice: dark background, a bright elongated body, a few hot outliers, random noise. */
function slice(height: number, width: number, seed: number, spacing: [number, number] = [0.5, 0.5]): ImageArray<Float32Array> {
  const random = createRandom(seed);
  const data = new Float32Array(height * width);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inside = Math.abs(x - width / 2) < width / 5 && y > height / 10 && y < (height * 9) / 10;
      data[y * width + x] = (inside ? 900 + 300 * Math.sin(y / 4) : 40) + random.uniform(0, 60);
    }
  }
  for (let index = 0; index < 5; index++) data[random.integer(0, data.length - 1)] = 5000;
  return { data, height, width, channels: 1, spacing };
}

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let worst = 0;
  for (let index = 0; index < a.length; index++) worst = Math.max(worst, Math.abs(a[index]! - b[index]!));
  return worst;
}

describe('preprocessFor', () => {
  it.each([
    ['bilinear', 3, 96, 80],
    ['bicubic', 3, 70, 90],
    ['bilinear', 1, 37, 37],
    ['bicubic', 1, 20, 24],
  ] as const)('should equal the composed public transforms (%s, %i channels, %ix%i input)', (interpolation, channels, height, width) => {
    const config: PreprocessConfig = { ...resnetLike, interpolation };
    const { evaluation, mean, std } = preprocessFor(config, { channels });
    const image = slice(height, width, height * width);
    const size = height <= width ? { height: 36, width: Math.trunc((36 * width) / height) } : { height: Math.trunc((36 * height) / width), width: 36 };
    const reference = compose([
      (input) => scaleIntensityPercentiles(input, { lower: 0.5, upper: 99.5, outMin: 0, outMax: 1, clip: true }),
      (input) => resize(input, { ...size, method: interpolation }),
      (input) => centerCrop(input, { height: 32, width: 32 }),
      (input) => replicateChannels(input, channels),
      (input) => normalize(input, { mean, std }),
    ])(image);
    const result = evaluation(image);
    expect({ height: result.height, width: result.width, channels: result.channels }).toEqual({ height: 32, width: 32, channels });
    expect(result.spacing).toEqual(reference.spacing);
    expect(maxDifference(result.data, reference.data)).toBeLessThan(1e-4);
  });

  it('should equal the composed public transforms at model size (512x512 -> 256 -> 224x224x3, the fused fast path)', () => {
    const config: PreprocessConfig = { ...resnetLike, inputSize: [3, 224, 224] };
    const { evaluation, mean, std } = preprocessFor(config);
    const image = slice(512, 512, 77);
    const composed = compose([
      (input) => scaleIntensityPercentiles(input, { lower: 0.5, upper: 99.5, outMin: 0, outMax: 1, clip: true }),
      (input) => resize(input, { height: 256, width: 256, method: 'bilinear' }),
      (input) => centerCrop(input, { height: 224, width: 224 }),
      (input) => replicateChannels(input, 3),
      (input) => normalize(input, { mean, std }),
    ]);
    const reference = composed(image);
    expect(maxDifference(evaluation(image).data, reference.data)).toBeLessThan(1e-4);
    // The same through a non-float32 source (the mapped-copy path).
    const asInt16 = { ...image, data: Int16Array.from(image.data, Math.round) };
    const referenceInt16 = composed(asInt16);
    expect(maxDifference(evaluation(asInt16).data, referenceInt16.data)).toBeLessThan(1e-4);
  });

  it('should average mean and std for a 1-channel model and keep per-channel values for 3 channels', () => {
    const grey = preprocessFor(resnetLike, { channels: 1 });
    expect(grey.mean[0]).toBeCloseTo((0.485 + 0.456 + 0.406) / 3, 12);
    expect(grey.std[0]).toBeCloseTo((0.229 + 0.224 + 0.225) / 3, 12);
    expect(grey.outputShape).toEqual([32, 32, 1]);
    expect(preprocessFor(resnetLike).mean).toEqual([0.485, 0.456, 0.406]);
  });

  it('should map the percentile range to [0, 1] before normalising', () => {
    const { evaluation } = preprocessFor({ ...resnetLike, mean: [0, 0, 0], std: [1, 1, 1] }, { channels: 1 });
    const result = evaluation(slice(64, 64, 3));
    const values = Array.from(result.data);
    expect([Math.min(...values) >= 0, Math.max(...values) <= 1, Math.max(...values) > 0.9]).toEqual([true, true, true]);
  });

  it('should use a DICOM window as the intensity step when asked', () => {
    const image = slice(32, 32, 4);
    const { evaluation } = preprocessFor({ ...resnetLike, cropPct: 1, mean: [0, 0, 0], std: [1, 1, 1] }, { channels: 1, intensity: { kind: 'window', center: 600, width: 800 } });
    const expected = windowLevel(image, { center: 600, width: 800 });
    expect(maxDifference(evaluation(image).data, expected.data)).toBeLessThan(1e-6);
  });

  it('should reuse its output buffer only when reuseOutput is set', () => {
    const image = slice(40, 40, 5);
    const reusing = preprocessFor(resnetLike, { reuseOutput: true }).evaluation;
    expect(reusing(image).data).toBe(reusing(image).data);
    const allocating = preprocessFor(resnetLike).evaluation;
    expect(allocating(image).data).not.toBe(allocating(image).data);
  });

  it('should letterbox instead of cropping when asked', () => {
    const { evaluation } = preprocessFor({ ...resnetLike, mean: [0, 0, 0], std: [1, 1, 1] }, { channels: 1, fit: 'letterbox' });
    const result = evaluation(slice(64, 32, 6));
    // 64x32 -> 32x16 content padded with 8 zero columns on each side.
    expect([result.height, result.width, result.data[0], result.data[16 * 32 + 7], result.data[16 * 32 + 16]! > 0]).toEqual([32, 32, 0, 0, true]);
  });

  it('should give identical training samples for a seed and different ones for another seed', () => {
    const { training } = preprocessFor(resnetLike, { augmentation: { gibbs: { probability: 1 }, spike: { probability: 1 } } });
    const image = slice(48, 40, 7);
    const first = training(createRandom(42))(image);
    const second = training(createRandom(42))(image);
    const other = training(createRandom(43))(image);
    expect({ height: first.height, width: first.width, channels: first.channels }).toEqual({ height: 32, width: 32, channels: 3 });
    expect(Array.from(second.data)).toEqual(Array.from(first.data));
    expect(maxDifference(first.data, other.data)).toBeGreaterThan(0.1);
  });

  it('should equal evaluation-like output up to the random crop when augmentation is off', () => {
    const { training } = preprocessFor({ ...resnetLike, cropPct: 1 }, { augmentation: false });
    const { evaluation } = preprocessFor({ ...resnetLike, cropPct: 1 });
    const image = slice(32, 32, 8);
    expect(maxDifference(training(createRandom(1))(image).data, evaluation(image).data)).toBeLessThan(1e-4);
  });

  it.each([
    ['a zero input size', { ...resnetLike, inputSize: [3, 0, 32] as const }, {}, 'INVALID_SIZE'],
    ['a crop fraction above 1', { ...resnetLike, cropPct: 1.5 }, {}, 'OUT_OF_RANGE'],
    ['two channels', resnetLike, { channels: 2 }, 'INVALID_ARGUMENT'],
    ['a std of zero', { ...resnetLike, std: [0, 0, 0] as const }, {}, 'INVALID_ARGUMENT'],
    ['mismatched mean and std', { ...resnetLike, std: [1] }, {}, 'CHANNEL_MISMATCH'],
    ['a bad probability', resnetLike, { augmentation: { noise: { probability: 2 } } }, 'OUT_OF_RANGE'],
  ])('should reject %s', (_, config, options, code) => {
    expect(() => preprocessFor(config as PreprocessConfig, options as never)).toThrow(expect.objectContaining({ code, message: expect.stringContaining('preprocessFor') }));
  });

  it('should reject bad images with typed errors', () => {
    const { evaluation } = preprocessFor(resnetLike);
    const image = slice(16, 16, 9);
    image.data[3] = Number.POSITIVE_INFINITY;
    expect(() => evaluation(image)).toThrow(expect.objectContaining({ code: 'NON_FINITE' }));
    expect(() => evaluation({ data: new Float32Array(8), height: 2, width: 2, channels: 2 })).toThrow(expect.objectContaining({ code: 'CHANNEL_MISMATCH' }));
  });
});
