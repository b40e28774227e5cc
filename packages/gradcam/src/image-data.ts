import { assertImage, InvalidArgumentError, SpineDxError, type ImageArray } from '@spinedx/core';

/**
 * Wraps an RGBA overlay (from {@link overlay}) as a browser `ImageData`, ready for `ctx.putImageData(...)` on a
 * canvas. The pixels are shared, not copied. Throws a `SpineDxError` with code `'NO_IMAGE_DATA'` where the runtime
 * has no `ImageData` (plain Node; use `encodePng` there).
 */
export function toImageData(image: ImageArray<Uint8ClampedArray>): ImageData {
  assertImage(image, 'toImageData');
  if (image.channels !== 4 || !(image.data instanceof Uint8ClampedArray)) {
    throw new InvalidArgumentError(
      `toImageData: expected RGBA Uint8ClampedArray data (4 channels), received ${image.channels} channel(s) of ${image.data.constructor.name}`,
      { code: 'INVALID_CHANNELS' },
    );
  }
  const constructor = (globalThis as { ImageData?: typeof ImageData }).ImageData;
  if (constructor === undefined) {
    throw new SpineDxError('toImageData: this runtime has no ImageData (a browser or canvas global); use encodePng instead', { code: 'NO_IMAGE_DATA' });
  }
  return new constructor(image.data as Uint8ClampedArray<ArrayBuffer>, image.width, image.height);
}
