import * as tf from '@tensorflow/tfjs-core';

/**
 * PyTorch `nn.MaxPool2d(kernel, stride, padding)` on NHWC input: padded positions never win (PyTorch pads with
 * -inf), output size `floor((size + 2 * padding - kernel) / stride) + 1`.
 */
export function maxPool2d(input: tf.Tensor4D, kernelSize: number, stride: number, padding: number): tf.Tensor4D {
  // tfjs skips out-of-range positions of a numeric padding, which is PyTorch's -inf padding.
  return tf.maxPool(input, kernelSize, stride, padding);
}

/** Global average pooling `[N, H, W, C]` to `[N, C]` (timm's `SelectAdaptivePool2d('avg')` + flatten). */
export function globalAveragePool(input: tf.Tensor4D): tf.Tensor2D {
  return tf.mean(input, [1, 2]);
}
