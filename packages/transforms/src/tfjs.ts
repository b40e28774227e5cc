/**
 * @packageDocumentation
 * `@spinedx/transforms/tfjs`: turns a batch of images into an NHWC `Tensor4D`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { assertImage, ShapeError, type ImageArray } from '@spinedx/core';

/** Stacks same-sized images into a float32 NHWC tensor `[N, height, width, channels]`. */
export function toInputTensor(images: readonly ImageArray[]): tf.Tensor4D {
  const first = images[0];
  if (first === undefined) throw new ShapeError('toInputTensor: expected at least one image, received none');
  const { height, width, channels } = first;
  const size = height * width * channels;
  const data = new Float32Array(images.length * size);
  images.forEach((image, index) => {
    assertImage(image, 'toInputTensor');
    if (image.height !== height || image.width !== width || image.channels !== channels) {
      throw new ShapeError(`toInputTensor: image ${index} is ${image.height}x${image.width}x${image.channels}, expected ${height}x${width}x${channels}`);
    }
    data.set(image.data, index * size);
  });
  return tf.tensor4d(data, [images.length, height, width, channels], 'float32');
}
