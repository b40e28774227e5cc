import * as tf from '@tensorflow/tfjs-core';
import type { ForwardContext } from './forward-context';

/** Inverted dropout (`nn.Dropout`): active only in training, scales kept values by `1 / (1 - rate)`. */
export function dropout<T extends tf.Tensor>(input: T, rate: number, context: ForwardContext): T {
  if (!context.training || rate <= 0) return input;
  return tf.dropout(input, rate, undefined, context.nextSeed()) as T;
}

/**
 * Stochastic depth (timm's `drop_path`): in training, zeroes the residual branch of whole samples with
 * probability `rate` and scales the kept ones by `1 / (1 - rate)`.
 */
export function dropPath<T extends tf.Tensor>(input: T, rate: number, context: ForwardContext): T {
  if (!context.training || rate <= 0) return input;
  const noiseShape = [input.shape[0]!, ...input.shape.slice(1).map(() => 1)];
  return tf.dropout(input, rate, noiseShape, context.nextSeed()) as T;
}
