import type { ImageArray } from '@spinedx/core';
import { describe, expect, it } from 'vitest';
import references from '../__fixtures__/intensity-references.json';
import { histogramEqualize } from './histogram-equalize';
import { normalize } from './normalize';
import { replicateChannels } from './replicate-channels';
import { scaleIntensityMinMax } from './scale-intensity-min-max';
import { scaleIntensityPercentiles } from './scale-intensity-percentiles';
import { windowLevel } from './window-level';
import { zScore } from './z-score';

function row(values: readonly number[], spacing?: [number, number]): ImageArray {
  const image: ImageArray = { data: Float32Array.from(values), height: 1, width: values.length, channels: 1 };
  if (spacing) image.spacing = spacing;
  return image;
}

function expectAllClose(actual: ArrayLike<number>, expected: readonly number[], digits = 5): void {
  expect(actual.length).toBe(expected.length);
  const worst = expected.reduce((max, value, index) => Math.max(max, Math.abs(actual[index]! - value)), 0);
  expect(worst).toBeLessThan(10 ** -digits);
}

// References: ../__fixtures__/generate-intensity-references.py (numpy 1.24.2).
describe('scaleIntensityPercentiles', () => {
  it.each(references.scaleIntensityPercentiles)(
    'should match the numpy reference on $name ($lower-$upper% -> [$outMin, $outMax], clip $clip)',
    ({ values, lower, upper, outMin, outMax, clip, expected }) => {
      const result = scaleIntensityPercentiles(row(values), { lower, upper, outMin, outMax, clip });
      expectAllClose(result.data, expected, 4);
    },
  );

  it('should keep shape and spacing and return float32', () => {
    const image: ImageArray = { data: new Uint16Array([0, 100, 200, 300, 400, 500]), height: 2, width: 1, channels: 3, spacing: [0.4, 0.6] };
    const result = scaleIntensityPercentiles(image, { lower: 0, upper: 100, outMin: 0, outMax: 1, clip: true });
    expect(result).toEqual({ data: Float32Array.from([0, 0.2, 0.4, 0.6, 0.8, 1]), height: 2, width: 1, channels: 3, spacing: [0.4, 0.6] });
  });

  it('should shift a constant image like MONAI does for a zero-width range', () => {
    expect(Array.from(scaleIntensityPercentiles(row([7, 7, 7]), { lower: 1, upper: 99, outMin: 0, outMax: 1, clip: true }).data)).toEqual([0, 0, 0]);
  });

  it('should reject lower above upper and percentiles out of range', () => {
    expect(() => scaleIntensityPercentiles(row([1, 2]), { lower: 60, upper: 40, outMin: 0, outMax: 1, clip: true })).toThrow(
      expect.objectContaining({ code: 'OUT_OF_RANGE', message: expect.stringContaining('scaleIntensityPercentiles') }),
    );
    expect(() => scaleIntensityPercentiles(row([1, 2]), { lower: -1, upper: 40, outMin: 0, outMax: 1, clip: true })).toThrow(
      expect.objectContaining({ code: 'OUT_OF_RANGE' }),
    );
  });
});

describe('windowLevel', () => {
  it('should follow the DICOM LINEAR function (PS3.3 C.11.2.1.2.1) at and between the window edges', () => {
    // center 40, width 11: saturates at x <= 34.5 and x > 44.5, y = ((x - 39.5) / 10 + 0.5).
    const result = windowLevel(row([30, 34.5, 35, 39.5, 44, 44.5, 45]), { center: 40, width: 11 });
    expectAllClose(result.data, [0, 0, 0.05, 0.5, 0.95, 1, 1]);
  });

  it('should follow LINEAR_EXACT (PS3.3 C.11.2.1.3.2)', () => {
    const result = windowLevel(row([-10, 0, 5, 10, 20]), { center: 5, width: 10, function: 'linear-exact', outMin: -1, outMax: 1 });
    expectAllClose(result.data, [-1, -1, 0, 1, 1]);
  });

  it('should be the identity when the window covers the full range and maps it onto itself', () => {
    const values = [100, 250.5, 731, 1000];
    const result = windowLevel(row(values, [1, 1]), { center: 550, width: 900, function: 'linear-exact', outMin: 100, outMax: 1000 });
    expectAllClose(result.data, values, 3);
    expect(result.spacing).toEqual([1, 1]);
  });

  it('should reject a width below 1 for LINEAR', () => {
    expect(() => windowLevel(row([1]), { center: 0, width: 0.5 })).toThrow(expect.objectContaining({ code: 'OUT_OF_RANGE', message: expect.stringContaining('windowLevel') }));
  });
});

describe('zScore', () => {
  it('should give zero mean and unit population deviation', () => {
    expectAllClose(zScore(row([1, 2, 3, 4])).data, [-1.3416408, -0.4472136, 0.4472136, 1.3416408]);
  });

  it('should use and change only non-zero pixels when nonZero is set', () => {
    expectAllClose(zScore(row([0, 2, 0, 4]), { nonZero: true }).data, [0, -1, 0, 1]);
  });

  it('should only subtract the mean of a constant image', () => {
    expect(Array.from(zScore(row([5, 5])).data)).toEqual([0, 0]);
  });
});

describe('scaleIntensityMinMax', () => {
  it('should map minimum and maximum to the output range', () => {
    expectAllClose(scaleIntensityMinMax(row([-2, 0, 6]), { outMin: -1, outMax: 1 }).data, [-1, -0.5, 1]);
  });

  it('should map a constant image to outMin', () => {
    expect(Array.from(scaleIntensityMinMax(row([3, 3])).data)).toEqual([0, 0]);
  });
});

describe('histogramEqualize', () => {
  it('should match the numpy version of equalize_hist', () => {
    const { bins, values, expected } = references.histogramEqualize;
    expectAllClose(histogramEqualize(row(values), { bins }).data, expected, 5);
  });

  it('should map a constant image to 1', () => {
    expect(Array.from(histogramEqualize(row([2, 2, 2])).data)).toEqual([1, 1, 1]);
  });
});

describe('replicateChannels', () => {
  it('should repeat grey into interleaved channels and keep spacing', () => {
    const result = replicateChannels({ data: Float32Array.from([1, 2]), height: 1, width: 2, channels: 1, spacing: [2, 3] }, 3);
    expect(result).toEqual({ data: Float32Array.from([1, 1, 1, 2, 2, 2]), height: 1, width: 2, channels: 3, spacing: [2, 3] });
  });

  it('should reject mismatched channels', () => {
    expect(() => replicateChannels({ data: new Float32Array(4), height: 1, width: 2, channels: 2 }, 3)).toThrow(
      expect.objectContaining({ code: 'CHANNEL_MISMATCH', message: expect.stringContaining('received 2 channels') }),
    );
  });
});

describe('normalize', () => {
  it('should subtract and divide per channel', () => {
    const image: ImageArray = { data: Float32Array.from([0.5, 0.5, 0.5, 1, 1, 1]), height: 1, width: 2, channels: 3 };
    const result = normalize(image, { mean: [0.5, 0.25, 0], std: [0.5, 0.25, 2] });
    expectAllClose(result.data, [0, 1, 0.25, 1, 3, 0.5]);
  });

  it('should reject statistics that do not match the channels, and zero std', () => {
    const image: ImageArray = { data: new Float32Array(4), height: 1, width: 2, channels: 2 };
    expect(() => normalize(image, { mean: [0, 0, 0], std: [1] })).toThrow(expect.objectContaining({ code: 'CHANNEL_MISMATCH' }));
    expect(() => normalize(image, { mean: [0], std: [0] })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
