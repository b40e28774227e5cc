import * as tf from '@tensorflow/tfjs-core';

/** Scale and shift of a LayerNorm (`weight`, `bias` of PyTorch's `nn.LayerNorm`), both `[channels]`. */
export interface LayerNormParameters {
  weight: tf.Tensor1D;
  bias: tf.Tensor1D;
}

/**
 * PyTorch `nn.LayerNorm` over the last axis: `(x - mean) / sqrt(var + eps) * weight + bias` with the biased
 * variance. MViTv2 uses eps 1e-6 (timm's `norm_eps`), not PyTorch's default 1e-5.
 */
export function layerNorm<T extends tf.Tensor>(input: T, parameters: LayerNormParameters, eps = 1e-6): T {
  return tf.tidy(() => {
    const axis = input.rank - 1;
    const { mean, variance } = tf.moments(input, axis, true);
    const normalised = tf.mul(tf.sub(input, mean), tf.rsqrt(tf.add(variance, eps)));
    return tf.add(tf.mul(normalised, parameters.weight), parameters.bias) as T;
  });
}
