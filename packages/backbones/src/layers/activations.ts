import * as tf from '@tensorflow/tfjs-core';

/** SiLU / swish, `x * sigmoid(x)` (PyTorch `nn.SiLU`, timm's `swish`). */
export function silu<T extends tf.Tensor>(input: T): T {
  return tf.mul(input, tf.sigmoid(input));
}
