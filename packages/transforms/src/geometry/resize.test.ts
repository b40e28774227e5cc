import { createImage, type ImageArray } from '@spinedx/core';
import { describe, expect, it } from 'vitest';
import references from '../__fixtures__/resize-references.json';
import { resize } from './resize';
import type { ResizeMethod } from './resize-weights';

// Generator and provenance: ../__fixtures__/generate-resize-references.py (Pillow 9.4.0 'F' mode, OpenCV 4.6.0 INTER_AREA).
// Tolerance on the 0-255 scale: 0.5 for bilinear/bicubic (the bound), 0.01 for nearest and area
// (exact algorithms; only float32 rounding and the 3-decimal fixture rounding differ).
const tolerance: Record<ResizeMethod, number> = { nearest: 0.01, bilinear: 0.5, bicubic: 0.5, area: 0.01 };

interface ReferenceCase {
  image: number;
  method: ResizeMethod;
  height: number;
  width: number;
  expected: number[];
}

const cases = (references.cases as ReferenceCase[]).map((entry) => {
  const source = references.images[entry.image]!;
  const direction = entry.height * entry.width > source.height * source.width ? 'up' : entry.height === source.height ? 'same' : 'down';
  return { ...entry, source, label: `${entry.method} ${source.height}x${source.width}x${source.channels} -> ${entry.height}x${entry.width} (${direction})` };
});

function maxDifference(actual: Float32Array, expected: readonly number[]): number {
  let worst = 0;
  expected.forEach((value, index) => {
    worst = Math.max(worst, Math.abs(actual[index]! - value));
  });
  return worst;
}

describe('resize', () => {
  it.each(cases)('should match the reference for $label', ({ source, method, height, width, expected }) => {
    const image: ImageArray = { data: Float32Array.from(source.data), height: source.height, width: source.width, channels: source.channels };
    const result = resize(image, { height, width, method });
    expect(result.data.length).toBe(expected.length);
    expect(maxDifference(result.data, expected)).toBeLessThanOrEqual(tolerance[method]);
  });

  it('should be far from the reference when the kernel is not antialiased', () => {
    // Guards the test itself: plain 2-tap bilinear (no widening) misses Pillow's downscale by far more than 0.5.
    const entry = cases.find((item) => item.method === 'bilinear' && item.height < item.source.height && item.source.channels === 1)!;
    const { source } = entry;
    const naive = new Float32Array(entry.height * entry.width);
    for (let y = 0; y < entry.height; y++) {
      for (let x = 0; x < entry.width; x++) {
        const sy = Math.min(Math.max((y + 0.5) * (source.height / entry.height) - 0.5, 0), source.height - 1);
        const sx = Math.min(Math.max((x + 0.5) * (source.width / entry.width) - 0.5, 0), source.width - 1);
        const y0 = Math.floor(sy);
        const x0 = Math.floor(sx);
        const y1 = Math.min(y0 + 1, source.height - 1);
        const x1 = Math.min(x0 + 1, source.width - 1);
        const at = (row: number, column: number): number => source.data[row * source.width + column]!;
        const top = at(y0, x0) * (1 - (sx - x0)) + at(y0, x1) * (sx - x0);
        const bottom = at(y1, x0) * (1 - (sx - x0)) + at(y1, x1) * (sx - x0);
        naive[y * entry.width + x] = top * (1 - (sy - y0)) + bottom * (sy - y0);
      }
    }
    expect(maxDifference(naive, entry.expected)).toBeGreaterThan(2);
  });

  it.each(['nearest', 'bilinear', 'bicubic', 'area'] as const)('should return an exact copy when resizing %s to the same size', (method) => {
    const image: ImageArray = { data: Float32Array.from([1, 5, -2, 7, 3.5, 9], (value) => value), height: 2, width: 3, channels: 1, spacing: [0.5, 0.7] };
    const result = resize(image, { height: 2, width: 3, method });
    expect(Array.from(result.data)).toEqual([1, 5, -2, 7, 3.5, 9]);
    expect(result.data).not.toBe(image.data);
    expect(result.spacing).toEqual([0.5, 0.7]);
  });

  it('should scale spacing with the grid and keep channels and dtype', () => {
    const image = createImage(40, 30, 3, [0.5, 0.8]);
    const result = resize(image, { height: 20, width: 60, method: 'bilinear' });
    expect({ height: result.height, width: result.width, channels: result.channels, spacing: result.spacing, dtype: result.data.constructor.name }).toEqual({
      height: 20,
      width: 60,
      channels: 3,
      spacing: [1, 0.4],
      dtype: 'Float32Array',
    });
  });

  it('should accept integer typed arrays and keep a constant image constant', () => {
    const image: ImageArray = { data: new Uint16Array(9 * 7).fill(1234), height: 9, width: 7, channels: 1 };
    const result = resize(image, { height: 4, width: 11, method: 'bicubic' });
    expect(Math.max(...Array.from(result.data, (value) => Math.abs(value - 1234)))).toBeLessThan(1e-3);
  });

  it('should write into a caller-provided output buffer', () => {
    const image = { data: Float32Array.from({ length: 16 }, (_, index) => index), height: 4, width: 4, channels: 1 };
    const output = new Float32Array(4);
    const result = resize(image, { height: 2, width: 2, method: 'area', output });
    expect(result.data).toBe(output);
    expect(Array.from(output)).toEqual([2.5, 4.5, 10.5, 12.5]);
  });

  it.each([
    ['a zero height', { height: 0, width: 4, method: 'bilinear' }, 'INVALID_SIZE'],
    ['a fractional width', { height: 4, width: 2.5, method: 'bilinear' }, 'INVALID_SIZE'],
    ['an unknown method', { height: 4, width: 4, method: 'lanczos' }, 'INVALID_ARGUMENT'],
    ['a wrong-sized output buffer', { height: 4, width: 4, method: 'area', output: new Float32Array(3) }, 'SHAPE_MISMATCH'],
  ])('should reject %s', (_, options, code) => {
    const image = createImage(3, 3);
    expect(() => resize(image, options as never)).toThrow(expect.objectContaining({ code, message: expect.stringContaining('resize:') }));
  });

  it.each([
    ['NaN', Number.NaN, 'NON_FINITE'],
    ['Infinity', Number.POSITIVE_INFINITY, 'NON_FINITE'],
  ])('should reject an image containing %s', (_, value, code) => {
    const image = createImage(2, 2);
    image.data[3] = value;
    expect(() => resize(image, { height: 4, width: 4, method: 'bilinear' })).toThrow(expect.objectContaining({ code }));
  });

  it('should reject an empty image and a mismatched data length', () => {
    expect(() => resize({ data: new Float32Array(0), height: 0, width: 0, channels: 1 }, { height: 2, width: 2, method: 'nearest' })).toThrow(
      expect.objectContaining({ code: 'INVALID_DIMENSIONS' }),
    );
    expect(() => resize({ data: new Float32Array(5), height: 2, width: 2, channels: 1 }, { height: 2, width: 2, method: 'nearest' })).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH' }),
    );
  });

  it('should reject zero or negative spacing', () => {
    const image = createImage(2, 2);
    image.spacing = [0, -1];
    expect(() => resize(image, { height: 4, width: 4, method: 'nearest' })).toThrow(expect.objectContaining({ code: 'INVALID_SPACING' }));
  });
});
