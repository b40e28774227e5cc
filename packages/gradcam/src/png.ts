import { assertImage, InvalidArgumentError, type ImageArray } from '@spinedx/core';
import { encode } from 'fast-png';

/**
 * Encodes an 8-bit image (1 = gray, 2 = gray + alpha, 3 = RGB, 4 = RGBA channels, e.g. from {@link overlay}) as PNG
 * bytes. Pure JavaScript (fast-png), so it runs in Node and in browsers alike.
 */
export function encodePng(image: ImageArray<Uint8Array | Uint8ClampedArray>): Uint8Array {
  assertImage(image, 'encodePng');
  if (!(image.data instanceof Uint8Array || image.data instanceof Uint8ClampedArray)) {
    throw new InvalidArgumentError(`encodePng: expected 8-bit data (Uint8Array or Uint8ClampedArray), received ${Object.prototype.toString.call(image.data)}`, {
      code: 'INVALID_DATA_TYPE',
    });
  }
  if (![1, 2, 3, 4].includes(image.channels)) {
    throw new InvalidArgumentError(`encodePng: channels must be 1, 2, 3 or 4, received ${image.channels}`, { code: 'INVALID_CHANNELS' });
  }
  const data = image.data instanceof Uint8ClampedArray ? new Uint8Array(image.data.buffer, image.data.byteOffset, image.data.length) : image.data;
  return encode({ width: image.width, height: image.height, data, channels: image.channels, depth: 8 });
}
