import { createImage, type ImageArray } from '@spinedx/core';
import { describe, expect, it } from 'vitest';
import { affine, rotate } from './affine';
import { centerCrop, crop, cropRegion, roundHalfToEven } from './crop';
import { flip, rotate90 } from './flip';
import { letterbox } from './letterbox';
import { pad } from './pad';
import { resampleToSpacing } from './resample-spacing';
import { resizeShortestEdge } from './resize-shortest-edge';

/** 3x4 single-channel image with values 0..11 (value = row * 4 + column). */
function ramp(spacing?: [number, number]): ImageArray {
  const image: ImageArray = { data: Float32Array.from({ length: 12 }, (_, index) => index), height: 3, width: 4, channels: 1 };
  if (spacing) image.spacing = spacing;
  return image;
}

const values = (image: ImageArray): number[] => Array.from(image.data, (value) => Math.round(value * 1e4) / 1e4);

describe('crop', () => {
  it('should copy the region and keep spacing', () => {
    const result = crop(ramp([0.5, 0.5]), { top: 1, left: 1, height: 2, width: 2 });
    expect({ values: values(result), height: result.height, width: result.width, spacing: result.spacing }).toEqual({
      values: [5, 6, 9, 10],
      height: 2,
      width: 2,
      spacing: [0.5, 0.5],
    });
  });

  it('should reject a region outside the image', () => {
    expect(() => crop(ramp(), { top: 2, left: 0, height: 2, width: 1 })).toThrow(expect.objectContaining({ code: 'OUT_OF_BOUNDS', message: expect.stringContaining('crop:') }));
  });
});

describe('centerCrop', () => {
  it('should use round-half-to-even offsets like torchvision', () => {
    expect([0.5, 1.5, 2.5, 2.4, 2.6].map(roundHalfToEven)).toEqual([0, 2, 2, 2, 3]);
    // (4 - 1) / 2 = 1.5 -> 2; (3 - 2) / 2 = 0.5 -> 0.
    expect(values(centerCrop(ramp(), { height: 2, width: 1 }))).toEqual([2, 6]);
  });

  it('should pad with fill when the crop is larger than the image', () => {
    const result = centerCrop({ data: Float32Array.from([1, 2]), height: 1, width: 2, channels: 1 }, { height: 3, width: 2, fill: -1 });
    expect(values(result)).toEqual([-1, -1, 1, 2, -1, -1]);
  });

  it('should be the identity at the same size', () => {
    expect(values(centerCrop(ramp(), { height: 3, width: 4 }))).toEqual(values(ramp()));
  });
});

describe('cropRegion', () => {
  it('should convert millimetres with the spacing', () => {
    const result = cropRegion(ramp([2, 0.5]), { topMm: 2, leftMm: 1, heightMm: 4, widthMm: 1 });
    expect(values(result)).toEqual([6, 7, 10, 11]);
  });

  it('should clamp a region that overhangs the border', () => {
    expect(values(cropRegion(ramp(), { top: -1, left: 2, height: 2, width: 5 }))).toEqual([2, 3]);
  });

  it('should reject millimetres without spacing and a region outside the image', () => {
    expect(() => cropRegion(ramp(), { topMm: 0, leftMm: 0, heightMm: 1, widthMm: 1 })).toThrow(expect.objectContaining({ code: 'MISSING_SPACING' }));
    expect(() => cropRegion(ramp(), { top: 5, left: 0, height: 1, width: 1 })).toThrow(expect.objectContaining({ code: 'OUT_OF_BOUNDS' }));
  });
});

describe('pad', () => {
  const row: ImageArray = { data: Float32Array.from([1, 2, 3]), height: 1, width: 3, channels: 1 };
  it.each([
    ['constant', [9, 9, 1, 2, 3, 9]],
    ['edge', [1, 1, 1, 2, 3, 3]],
    ['reflect', [3, 2, 1, 2, 3, 2]],
  ] as const)('should pad in %s mode like numpy.pad', (mode, expected) => {
    expect(values(pad(row, { left: 2, right: 1, mode, value: 9 }))).toEqual(expected);
  });

  it('should reject negative padding', () => {
    expect(() => pad(row, { top: -1 })).toThrow(expect.objectContaining({ code: 'INVALID_SIZE' }));
  });
});

describe('letterbox', () => {
  it('should keep the aspect ratio and pad to a square', () => {
    const image: ImageArray = { data: new Float32Array(2 * 4).fill(5), height: 2, width: 4, channels: 1, spacing: [1, 1] };
    const result = letterbox(image, { size: 8, fill: 0 });
    expect({ height: result.height, width: result.width, spacing: result.spacing }).toEqual({ height: 8, width: 8, spacing: [0.5, 0.5] });
    // Rows 0-1 and 6-7 are padding; rows 2-5 hold the resized content.
    expect([result.data[0], result.data[2 * 8], result.data[5 * 8 + 7], result.data[6 * 8]]).toEqual([0, 5, 5, 0]);
  });
});

describe('resizeShortestEdge', () => {
  it('should resize the shorter side like torchvision Resize(int)', () => {
    const result = resizeShortestEdge(createImage(300, 500), { size: 256, method: 'bilinear' });
    expect([result.height, result.width]).toEqual([256, 426]);
  });
});

describe('resampleToSpacing', () => {
  it('should reach the target spacing and record the achieved one', () => {
    const result = resampleToSpacing(createImage(100, 60, 1, [0.4, 0.7]), { spacing: [0.8, 0.8] });
    expect([result.height, result.width]).toEqual([50, 53]);
    expect(result.spacing![0]).toBeCloseTo(0.8, 12);
    expect(result.spacing![1]).toBeCloseTo((60 * 0.7) / 53, 12);
  });

  it('should reject missing and non-positive target spacing', () => {
    expect(() => resampleToSpacing(createImage(4, 4), { spacing: [1, 1] })).toThrow(expect.objectContaining({ code: 'MISSING_SPACING' }));
    expect(() => resampleToSpacing(createImage(4, 4, 1, [1, 1]), { spacing: [0, 1] })).toThrow(expect.objectContaining({ code: 'INVALID_SPACING' }));
  });
});

describe('flip', () => {
  it('should mirror columns or rows and keep interleaved channels together', () => {
    const image: ImageArray = { data: Float32Array.from([1, 10, 2, 20, 3, 30, 4, 40]), height: 2, width: 2, channels: 2 };
    expect(values(flip(image, 'horizontal'))).toEqual([2, 20, 1, 10, 4, 40, 3, 30]);
    expect(values(flip(image, 'vertical'))).toEqual([3, 30, 4, 40, 1, 10, 2, 20]);
  });
});

describe('rotate90', () => {
  it('should match numpy rot90 and swap spacing on odd turns', () => {
    const result = rotate90(ramp([0.5, 2]), 1);
    // np.rot90(np.arange(12).reshape(3, 4)) == [[3, 7, 11], [2, 6, 10], [1, 5, 9], [0, 4, 8]]
    expect({ values: values(result), height: result.height, width: result.width, spacing: result.spacing }).toEqual({
      values: [3, 7, 11, 2, 6, 10, 1, 5, 9, 0, 4, 8],
      height: 4,
      width: 3,
      spacing: [2, 0.5],
    });
    expect(values(rotate90(ramp(), 2))).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(values(rotate90(rotate90(ramp(), 3), 1))).toEqual(values(ramp()));
  });
});

describe('affine', () => {
  const square: ImageArray = { data: Float32Array.from({ length: 25 }, (_, index) => (index * 7) % 11), height: 5, width: 5, channels: 1, spacing: [1, 1] };

  it('should be the identity with default parameters', () => {
    expect(values(affine(square, {}))).toEqual(values(square));
  });

  it('should agree with rotate90 for a quarter turn', () => {
    expect(values(rotate(square, { degrees: 90 }))).toEqual(values(rotate90(square, 1)));
    expect(values(rotate(square, { degrees: -90, interpolation: 'nearest' }))).toEqual(values(rotate90(square, 3)));
  });

  it('should translate by whole pixels exactly and fill the uncovered border', () => {
    const result = affine(ramp(), { translate: [1, -1], fill: -1 });
    expect(values(result)).toEqual([-1, -1, -1, -1, 1, 2, 3, -1, 5, 6, 7, -1]);
  });

  it('should zoom about the centre', () => {
    // Doubling the scale samples the input at half the distance from the centre (2, 2).
    const result = affine(square, { scale: 2 });
    const at = (image: ImageArray, row: number, column: number): number => image.data[row * 5 + column]!;
    expect(result.data[0]).toBeCloseTo(at(square, 1, 1), 5);
    expect(result.data[2 * 5 + 4]).toBeCloseTo(at(square, 2, 3), 5);
    expect(result.spacing).toEqual([1, 1]);
  });

  it('should shear columns in proportion to the row offset', () => {
    // 45 degrees: output (y, x) samples input column x - (y - centre).
    const result = affine(square, { shear: 45, interpolation: 'nearest', fill: -1 });
    expect(values(result).slice(0, 5)).toEqual([...values(square).slice(2, 5), -1, -1]);
  });

  it('should reject zero scale and a right-angle shear', () => {
    expect(() => affine(square, { scale: 0 })).toThrow(expect.objectContaining({ code: 'OUT_OF_RANGE' }));
    expect(() => affine(square, { shear: 90 })).toThrow(expect.objectContaining({ code: 'OUT_OF_RANGE' }));
  });
});
