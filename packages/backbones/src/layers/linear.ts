import * as tf from '@tensorflow/tfjs-core';

/** PyTorch `nn.Linear` with a tfjs-layout weight `[in, out]`: `input @ weight + bias`. */
export function linear(input: tf.Tensor2D, weight: tf.Tensor2D, bias?: tf.Tensor1D): tf.Tensor2D {
  const output: tf.Tensor2D = tf.matMul(input, weight);
  return bias === undefined ? output : (tf.add(output, bias) as tf.Tensor2D);
}
