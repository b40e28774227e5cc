import * as tf from '@tensorflow/tfjs-core';

/** Weights of a fully connected layer: `weight` in tfjs layout `[in, out]`, optional `bias` `[out]`. */
export interface LinearParameters {
  weight: tf.Tensor2D;
  bias?: tf.Tensor1D;
}

/** PyTorch `nn.Linear` on the last axis of a tensor of any rank (`x @ W^T + b`, with W stored as `[in, out]`). */
export function linear<T extends tf.Tensor>(input: T, parameters: LinearParameters): T {
  return tf.tidy(() => {
    const inFeatures = input.shape[input.rank - 1]!;
    const outFeatures = parameters.weight.shape[1];
    const flat = tf.reshape(input, [-1, inFeatures]) as tf.Tensor2D;
    const product = parameters.bias === undefined ? tf.matMul(flat, parameters.weight) : tf.add(tf.matMul(flat, parameters.weight), parameters.bias);
    return tf.reshape(product, [...input.shape.slice(0, -1), outFeatures]) as T;
  });
}
