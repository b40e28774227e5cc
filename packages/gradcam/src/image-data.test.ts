import { afterEach, describe, expect, it, vi } from 'vitest';
import { toImageData } from './image-data';

class FakeImageData {
  constructor(
    readonly data: Uint8ClampedArray,
    readonly width: number,
    readonly height: number,
  ) {}
}

describe('toImageData', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('should wrap the RGBA pixels with the right width and height', () => {
    vi.stubGlobal('ImageData', FakeImageData);
    const data = new Uint8ClampedArray(2 * 3 * 4).map((_, index) => index);
    const imageData = toImageData({ data, height: 2, width: 3, channels: 4 });
    expect([imageData.width, imageData.height, imageData.data]).toEqual([3, 2, data]);
  });

  it('should say so where the runtime has no ImageData', () => {
    vi.stubGlobal('ImageData', undefined);
    expect(() => toImageData({ data: new Uint8ClampedArray(4), height: 1, width: 1, channels: 4 })).toThrow(expect.objectContaining({ code: 'NO_IMAGE_DATA' }));
  });

  it('should refuse an image that is not RGBA', () => {
    vi.stubGlobal('ImageData', FakeImageData);
    expect(() => toImageData({ data: new Uint8ClampedArray(3), height: 1, width: 1, channels: 3 })).toThrow(expect.objectContaining({ code: 'INVALID_CHANNELS' }));
  });
});
