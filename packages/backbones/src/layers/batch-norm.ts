import * as tf from '@tensorflow/tfjs-core';
import type { ParameterReader } from './parameter-reader';

/** PyTorch `BatchNorm2d` defaults. */
export const batchNormDefaults = { epsilon: 1e-5, momentum: 0.1 } as const;

/**
 * PyTorch `BatchNorm2d` over the channel axis of NHWC input, reading `name.weight`, `name.bias`,
 * `name.running_mean`, `name.running_var`.
 *
 * Evaluation normalises with the running statistics. Training normalises with the batch mean and biased variance
 * and updates the running statistics as PyTorch does: `running = (1 - momentum) * running + momentum * batch`,
 * with the unbiased batch variance (`n / (n - 1)`, `n = N * H * W`).
 */
export function batchNorm2d(
  input: tf.Tensor4D,
  parameters: ParameterReader,
  name: string,
  options: { training?: boolean; epsilon?: number; momentum?: number } = {},
): tf.Tensor4D {
  const epsilon = options.epsilon ?? batchNormDefaults.epsilon;
  const scale = parameters(`${name}.weight`);
  const offset = parameters(`${name}.bias`);
  const runningMean = parameters(`${name}.running_mean`);
  const runningVar = parameters(`${name}.running_var`);
  if (!options.training) {
    return tf.batchNorm(input, runningMean as tf.Tensor1D, runningVar as tf.Tensor1D, offset as tf.Tensor1D, scale as tf.Tensor1D, epsilon);
  }
  const momentum = options.momentum ?? batchNormDefaults.momentum;
  const { mean, variance } = tf.moments(input, [0, 1, 2]);
  const count = input.shape[0] * input.shape[1] * input.shape[2];
  tf.tidy(() => {
    const batchMean = mean;
    const unbiased = tf.mul(variance, count > 1 ? count / (count - 1) : 1);
    runningMean.assign(tf.add(tf.mul(runningMean, 1 - momentum), tf.mul(batchMean, momentum)));
    runningVar.assign(tf.add(tf.mul(runningVar, 1 - momentum), tf.mul(unbiased, momentum)));
  });
  return tf.batchNorm(input, mean as tf.Tensor1D, variance as tf.Tensor1D, offset as tf.Tensor1D, scale as tf.Tensor1D, epsilon);
}
