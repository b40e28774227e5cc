import { ShapeError, type ImageArray } from '@spinedx/core';
import { assertFiniteImage, assertPositiveInteger, copySpacing, makeImage } from '../image-checks';

/**
 * Repeats a single-channel (grey) image into `channels` identical channels, e.g. 1 -> 3 for backbones
 * pretrained on RGB. An image that already has `channels` channels is copied unchanged.
 */
export function replicateChannels(image: ImageArray, channels: number): ImageArray<Float32Array> {
  assertFiniteImage(image, 'replicateChannels');
  assertPositiveInteger('replicateChannels', 'channels', channels);
  if (image.channels !== 1 && image.channels !== channels) {
    throw new ShapeError(`replicateChannels: expected a 1-channel or ${channels}-channel image, received ${image.channels} channels`, {
      code: 'CHANNEL_MISMATCH',
    });
  }
  const source = image.data;
  const pixels = image.height * image.width;
  const data = new Float32Array(pixels * channels);
  if (image.channels === channels) data.set(source);
  else {
    for (let pixel = 0; pixel < pixels; pixel++) {
      const value = source[pixel]!;
      for (let channel = 0; channel < channels; channel++) data[pixel * channels + channel] = value;
    }
  }
  return makeImage(data, image.height, image.width, channels, copySpacing(image));
}
