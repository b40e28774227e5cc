import { FUSED_KERNEL_NAMES } from '@spinedx/core';
import * as tf from '@tensorflow/tfjs-core';
import { hasFusedKernel, runFusedKernel } from './fused-kernels';
import type { ParameterReader } from './parameter-reader';

/** PyTorch `BatchNorm2d` defaults. */
export const batchNormDefaults = { epsilon: 1e-5, momentum: 0.1 } as const;

const spatialAxes = [0, 1, 2];

/** Batch mean and biased variance per channel of NHWC input: one fused kernel where the backend has it. */
function batchStatistics(input: tf.Tensor4D): [tf.Tensor1D, tf.Tensor1D] {
  if (hasFusedKernel(FUSED_KERNEL_NAMES.batchNormStatistics, input)) return runFusedKernel<tf.Tensor1D[]>(FUSED_KERNEL_NAMES.batchNormStatistics, { x: input }) as [tf.Tensor1D, tf.Tensor1D];
  const mean = tf.mean(input, spatialAxes) as tf.Tensor1D;
  return [mean, tf.mean(tf.squaredDifference(input, mean), spatialAxes) as tf.Tensor1D];
}

/**
 * Training-mode batch norm over the channel axis of NHWC input as one differentiable op: the forward pass takes the
 * batch mean and biased variance once (`onStatistics` sees them) and normalises with one batchNorm kernel; the
 * backward pass is the closed form, with `xhat = (x - mean) / sqrt(var + eps)` and `n = N * H * W`:
 * `dbeta = Σ dy`, `dgamma = Σ dy * xhat`, `dx = gamma / sqrt(var + eps) * (dy - (dbeta + xhat * dgamma) / n)`.
 * Autodiff through `tf.moments` + `tf.batchNorm` runs about three times as many kernels for the same numbers. Where
 * the backend has the fused kernels, the statistics are one pass (`FUSED_KERNEL_NAMES.batchNormStatistics`, instead
 * of three kernels) and the backward pass one kernel (`batchNormGradient`: two passes instead of seven kernels).
 */
export function batchNormTraining(
  input: tf.Tensor4D,
  scale: tf.Tensor1D,
  offset: tf.Tensor1D,
  epsilon: number = batchNormDefaults.epsilon,
  onStatistics?: (mean: tf.Tensor1D, variance: tf.Tensor1D) => void,
): tf.Tensor4D {
  const normalise = tf.customGrad((x, gamma, beta, save) => {
    const [inputs, scales, offsets, saveTensors] = [x as tf.Tensor4D, gamma as tf.Tensor1D, beta as tf.Tensor1D, save as tf.GradSaveFunc];
    const [mean, variance] = batchStatistics(inputs);
    onStatistics?.(mean, variance);
    saveTensors([inputs, mean, variance, scales]);
    return {
      value: tf.batchNorm(inputs, mean, variance, offsets, scales, epsilon),
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
        const [savedInput, savedMean, savedVariance, savedScale] = saved as [tf.Tensor4D, tf.Tensor1D, tf.Tensor1D, tf.Tensor1D];
        if (hasFusedKernel(FUSED_KERNEL_NAMES.batchNormGradient, dy, savedInput, savedMean, savedVariance, savedScale)) {
          return runFusedKernel<tf.Tensor[]>(FUSED_KERNEL_NAMES.batchNormGradient, { dy, x: savedInput, mean: savedMean, variance: savedVariance, scale: savedScale }, { epsilon });
        }
        const count = dy.shape[0] * dy.shape[1] * dy.shape[2];
        const gradOffset = tf.sum(dy, spatialAxes) as tf.Tensor1D;
        const normalised = tf.batchNorm(savedInput, savedMean, savedVariance, undefined, undefined, epsilon);
        const gradScale = tf.sum(tf.mul(dy, normalised), spatialAxes) as tf.Tensor1D;
        const inputScale = tf.mul(savedScale, tf.rsqrt(tf.add(savedVariance, epsilon))) as tf.Tensor1D;
        const perSample = tf.div(inputScale, count) as tf.Tensor1D;
        // (xhat * dgamma + dbeta) * gamma / sqrt(var + eps) / n as one batchNorm kernel over the saved input.
        const correction = tf.batchNorm(savedInput, savedMean, savedVariance, tf.mul(perSample, gradOffset) as tf.Tensor1D, tf.mul(perSample, gradScale) as tf.Tensor1D, epsilon);
        return [tf.sub(tf.mul(dy, inputScale), correction), gradScale, gradOffset];
      },
    };
  });
  return normalise(input, scale, offset) as tf.Tensor4D;
}

/**
 * PyTorch's running-statistics update: `running = (1 - momentum) * running + momentum * batch`, with the unbiased
 * batch variance (`n / (n - 1)`, `n = N * H * W`).
 */
export function updateRunningStatistics(runningMean: tf.Variable, runningVar: tf.Variable, mean: tf.Tensor1D, variance: tf.Tensor1D, count: number, momentum: number): void {
  tf.tidy(() => {
    // One kernel where the backend has it (on WebGPU: two dispatches instead of six and four uploaded scalars).
    if (hasFusedKernel(FUSED_KERNEL_NAMES.runningStatistics, runningMean, runningVar, mean, variance)) {
      const [nextMean, nextVariance] = runFusedKernel<tf.Tensor[]>(FUSED_KERNEL_NAMES.runningStatistics, { runningMean, runningVariance: runningVar, mean, variance }, { momentum, count });
      runningMean.assign(nextMean!);
      runningVar.assign(nextVariance!);
      return;
    }
    runningMean.assign(tf.add(tf.mul(runningMean, 1 - momentum), tf.mul(mean, momentum)));
    runningVar.assign(tf.add(tf.mul(runningVar, 1 - momentum), tf.mul(variance, count > 1 ? (momentum * count) / (count - 1) : momentum)));
  });
}

/**
 * PyTorch `BatchNorm2d` over the channel axis of NHWC input, reading `name.weight`, `name.bias`,
 * `name.running_mean`, `name.running_var`.
 *
 * Evaluation normalises with the running statistics. Training normalises with the batch mean and biased variance
 * ({@link batchNormTraining}) and updates the running statistics as PyTorch does ({@link updateRunningStatistics}).
 */
export function batchNorm2d(
  input: tf.Tensor4D,
  parameters: ParameterReader,
  name: string,
  options: { training?: boolean; epsilon?: number; momentum?: number } = {},
): tf.Tensor4D {
  const epsilon = options.epsilon ?? batchNormDefaults.epsilon;
  const scale = parameters(`${name}.weight`) as tf.Tensor1D;
  const offset = parameters(`${name}.bias`) as tf.Tensor1D;
  const runningMean = parameters(`${name}.running_mean`);
  const runningVar = parameters(`${name}.running_var`);
  if (!options.training) {
    return tf.batchNorm(input, runningMean as tf.Tensor1D, runningVar as tf.Tensor1D, offset, scale, epsilon);
  }
  const momentum = options.momentum ?? batchNormDefaults.momentum;
  const count = input.shape[0] * input.shape[1] * input.shape[2];
  return batchNormTraining(input, scale, offset, epsilon, (mean, variance) => updateRunningStatistics(runningMean, runningVar, mean, variance, count, momentum));
}
