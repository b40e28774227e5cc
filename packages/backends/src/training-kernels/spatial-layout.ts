import * as tf from '@tensorflow/tfjs-core';

/**
 * Pads (positive amounts) or crops (negative amounts) the two spatial axes of an NHWC tensor, so callers can
 * state the extent they need without caring which of the two it takes.
 */
export function padOrCropSpatial(x: tf.Tensor4D, top: number, bottom: number, left: number, right: number): tf.Tensor4D {
  const [batch, height, width, channels] = x.shape;
  const cropped = tf.slice(x, [0, Math.max(0, -top), Math.max(0, -left), 0], [batch, height - Math.max(0, -top) - Math.max(0, -bottom), width - Math.max(0, -left) - Math.max(0, -right), channels]);
  if (top <= 0 && bottom <= 0 && left <= 0 && right <= 0) return cropped;
  return tf.pad(cropped, [
    [0, 0],
    [Math.max(0, top), Math.max(0, bottom)],
    [Math.max(0, left), Math.max(0, right)],
    [0, 0],
  ]);
}

/** Inserts `strideHeight - 1` / `strideWidth - 1` zeros after every row / column: [N,H,W,C] → [N,H·sh,W·sw,C]. */
export function insertZeros(x: tf.Tensor4D, strideHeight: number, strideWidth: number): tf.Tensor4D {
  if (strideHeight === 1 && strideWidth === 1) return x;
  const [batch, height, width, channels] = x.shape;
  const spread = tf.pad(tf.reshape(x, [batch, height, 1, width, 1, channels]), [
    [0, 0],
    [0, 0],
    [0, strideHeight - 1],
    [0, 0],
    [0, strideWidth - 1],
    [0, 0],
  ]);
  return tf.reshape(spread, [batch, height * strideHeight, width * strideWidth, channels]);
}

/** NCHW → NHWC for channels-first callers; identity otherwise. */
export function toChannelsLast(x: tf.Tensor4D, isChannelsFirst: boolean): tf.Tensor4D {
  return isChannelsFirst ? tf.transpose(x, [0, 2, 3, 1]) : x;
}

/** NHWC → NCHW for channels-first callers; identity otherwise. */
export function fromChannelsLast(x: tf.Tensor4D, isChannelsFirst: boolean): tf.Tensor4D {
  return isChannelsFirst ? tf.transpose(x, [0, 3, 1, 2]) : x;
}
