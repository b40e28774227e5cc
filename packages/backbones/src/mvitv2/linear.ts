import * as tf from '@tensorflow/tfjs-core';

/** Weights of a fully connected layer: `weight` in tfjs layout `[in, out]`, optional `bias` `[out]`. */
export interface LinearParameters {
  weight: tf.Tensor2D;
  bias?: tf.Tensor1D;
}

/**
 * PyTorch `nn.Linear` on the last axis of a tensor of any rank (`x @ W^T + b`, with W stored as `[in, out]`). The bias
 * is added inside the matrix-product kernel (tfjs's fused matMul, differentiable): one pass over the output less.
 */
export function linear<T extends tf.Tensor>(input: T, parameters: LinearParameters): T {
  return tf.tidy(() => {
    const inFeatures = input.shape[input.rank - 1]!;
    const outFeatures = parameters.weight.shape[1];
    const flat = tf.reshape(input, [-1, inFeatures]) as tf.Tensor2D;
    const product = tf.fused.matMul({ a: flat, b: parameters.weight, bias: parameters.bias });
    return tf.reshape(product, [...input.shape.slice(0, -1), outFeatures]) as T;
  });
}
