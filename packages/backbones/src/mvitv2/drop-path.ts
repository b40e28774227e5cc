import * as tf from '@tensorflow/tfjs-core';
import type { ForwardContext } from '../layers/forward-context';

/**
 * Stochastic depth (timm `DropPath`) on a residual branch `[batch, ...]`: in training each sample's branch is
 * zeroed with probability `rate` and the kept ones scaled by `1 / (1 - rate)`; otherwise the branch is returned as is.
 */
export function dropPath<T extends tf.Tensor>(branch: T, rate: number, context: ForwardContext): T {
  if (!context.training || rate <= 0) return branch;
  return tf.tidy(() => {
    const keep = 1 - rate;
    const maskShape = [branch.shape[0]!, ...branch.shape.slice(1).map(() => 1)];
    const mask = tf.floor(tf.add(tf.randomUniform(maskShape, 0, 1, 'float32', context.nextSeed()), keep));
    return tf.mul(branch, tf.div(mask, keep)) as T;
  });
}
