import * as tf from '@tensorflow/tfjs-core';
import { linear, type LinearParameters } from './linear';

/** timm `Mlp` weights: `fc1` (in -> hidden) and `fc2` (hidden -> out). */
export interface MlpParameters {
  fc1: LinearParameters;
  fc2: LinearParameters;
}

/** PyTorch's default `nn.GELU` (exact form): `x * (1 + erf(x / sqrt(2))) / 2`, not the tanh approximation. */
export function gelu<T extends tf.Tensor>(input: T): T {
  return tf.tidy(() => tf.mul(tf.mul(input, 0.5), tf.add(tf.erf(tf.mul(input, Math.SQRT1_2)), 1)) as T);
}

/** timm `Mlp` as MViTv2 uses it: fc1 -> exact GELU -> fc2 (dropout 0). */
export function mlp<T extends tf.Tensor>(input: T, parameters: MlpParameters): T {
  return tf.tidy(() => linear(gelu(linear(input, parameters.fc1)), parameters.fc2));
}
