import { describe, expect, it } from 'vitest';
import { colormapLut } from './colormaps';
import { overlay } from './overlay';

describe('overlay', () => {
  it('should blend (1 - alpha) * gray + alpha * colour, rounded by the byte clamp', () => {
    const image = { data: new Uint8Array([0, 200]), height: 1, width: 2, channels: 1 };
    const result = overlay(image, { height: 1, width: 2, cam: new Float32Array([0, 1]) }, { alpha: 0.25, colormap: 'jet' });
    // jet(0) = (0, 0, 128), jet(1) = (128, 0, 0): pixel 0 = 0.25 * colour; pixel 1 = 0.75 * 200 + 0.25 * colour.
    expect(Array.from(result.data)).toEqual([0, 0, 32, 255, 182, 150, 150, 255]);
    expect([result.height, result.width, result.channels]).toEqual([1, 2, 4]);
  });

  it('should scale float images by their range and upsample a smaller CAM', () => {
    const image = { data: new Float32Array([-1, 0, 1, 3]), height: 2, width: 2, channels: 1 };
    const result = overlay(image, { height: 1, width: 1, cam: new Float32Array([1]) }, { alpha: 0, colormap: 'viridis' });
    expect(Array.from(result.data.filter((_, index) => index % 4 === 0))).toEqual([0, 64, 128, 255]);
    const colourOnly = overlay(image, { height: 1, width: 1, cam: new Float32Array([1]) }, { alpha: 1, colormap: 'viridis' });
    expect(Array.from(colourOnly.data.slice(0, 3))).toEqual(Array.from(colormapLut('viridis').slice(255 * 3)));
  });

  it('should honour an explicit image range and clamp outside it', () => {
    const image = { data: new Int16Array([100, 300, 500]), height: 1, width: 3, channels: 1 };
    const result = overlay(image, { height: 1, width: 3, cam: new Float32Array(3) }, { alpha: 0, imageRange: [200, 455] });
    expect(Array.from(result.data.filter((_, index) => index % 4 === 0))).toEqual([0, 100, 255]);
  });

  it.each([
    ['a CAM that is not normalised', { alpha: 0.5 }, new Float32Array([2]), 'CAM_NOT_NORMALIZED'],
    ['alpha above 1', { alpha: 1.5 }, new Float32Array([0.5]), 'INVALID_ARGUMENT'],
  ])('should throw a typed error for %s', (_, options, cam, code) => {
    const image = { data: new Uint8Array([1]), height: 1, width: 1, channels: 1 };
    expect(() => overlay(image, { height: 1, width: 1, cam }, options)).toThrow(expect.objectContaining({ code }));
  });

  it('should reject a malformed image', () => {
    expect(() => overlay({ data: new Uint8Array(3), height: 2, width: 2, channels: 1 }, { height: 1, width: 1, cam: new Float32Array(1) })).toThrow(
      expect.objectContaining({ code: 'SHAPE_MISMATCH' }),
    );
  });
});
