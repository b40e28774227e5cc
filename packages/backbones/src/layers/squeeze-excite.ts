import * as tf from '@tensorflow/tfjs-core';
import { conv2d } from './conv2d';
import type { ParameterReader } from './parameter-reader';

/**
 * timm's EfficientNet `SqueezeExcite`: spatial mean, 1x1 `conv_reduce` (with bias), the block's activation,
 * 1x1 `conv_expand` (with bias), sigmoid gate multiplied onto the input.
 */
export function squeezeExcite(
  input: tf.Tensor4D,
  parameters: ParameterReader,
  name: string,
  activation: (tensor: tf.Tensor4D) => tf.Tensor4D,
): tf.Tensor4D {
  const pooled = tf.mean(input, [1, 2], true) as tf.Tensor4D;
  const reduced = activation(conv2d(pooled, parameters(`${name}.conv_reduce.weight`) as tf.Tensor4D, { bias: parameters(`${name}.conv_reduce.bias`) as tf.Tensor1D }));
  // The sigmoid fuses into the convolution when no gradient is recorded; under a tape tfjs would unfuse it into
  // more kernels than a linear fused convolution and a separate sigmoid.
  const recording = tf.engine().state.gradientDepth > 0;
  const expanded = conv2d(reduced, parameters(`${name}.conv_expand.weight`) as tf.Tensor4D, { bias: parameters(`${name}.conv_expand.bias`) as tf.Tensor1D, activation: recording ? 'linear' : 'sigmoid' });
  return tf.mul(input, recording ? tf.sigmoid(expanded) : expanded);
}
