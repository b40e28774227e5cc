import { FUSED_KERNEL_NAMES } from '@spinedx/core';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { kernelSets, useKernelSet } from '../../test/kernel-sets';
import { relativeDifference } from '../../test/relative-difference';
import { batchNormTraining } from './batch-norm';

/** The unfused training-mode batch norm that autodiff differentiates (the previous implementation). */
function referenceBatchNorm(input: tf.Tensor4D, scale: tf.Tensor1D, offset: tf.Tensor1D): tf.Tensor4D {
  const { mean, variance } = tf.moments(input, [0, 1, 2]);
  return tf.batchNorm(input, mean as tf.Tensor1D, variance as tf.Tensor1D, offset, scale, 1e-5);
}

// On the stock kernels the backward pass is the composite; with the native kernels registered it is their fused
// batch-norm gradient kernel (skipped where the addon is not built).
describe.each(kernelSets)('batchNormTraining on the $kernels', ({ native }) => {
  const { skip } = useKernelSet(native);

  it.skipIf(skip)('should run the fused statistics and gradient kernels exactly when the native kernels are registered', async () => {
    const input = tf.randomNormal([2, 3, 3, 4], 0, 1, 'float32', 9) as tf.Tensor4D;
    const [scale, offset] = [tf.ones([4]) as tf.Tensor1D, tf.zeros([4]) as tf.Tensor1D];
    const before = tf.memory().numTensors;
    const { kernelNames, result } = await tf.profile(() => tf.grads((x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => tf.sum(tf.square(batchNormTraining(x as tf.Tensor4D, gamma as tf.Tensor1D, beta as tf.Tensor1D))))([input, scale, offset]));
    expect([FUSED_KERNEL_NAMES.batchNormStatistics, FUSED_KERNEL_NAMES.batchNormGradient].map((name) => kernelNames.includes(name))).toEqual([native, native]);
    tf.dispose(result as tf.Tensor[]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([input, scale, offset]);
  });

  it.skipIf(skip).each([
    [[1, 3, 4, 5]],
    [[4, 5, 3, 2]],
    // Not n = 2 per channel: there the normalised output is ±1 whatever x is, dx is ~eps-sized and any comparison is noise.
    [[2, 1, 2, 3]],
    [[3, 7, 2, 1]],
    [[8, 2, 3, 16]],
  ])('should give the output and the gradients of autodiff through moments + batchNorm for input %j', (shape) => {
    const channels = shape[3]!;
    const before = tf.memory().numTensors;
    const [output, gradients, wantOutput, wantGradients] = tf.tidy(() => {
      // Channel means far from zero and a weighted loss, so every term of the closed form matters.
      const input = tf.add(tf.randomNormal(shape, 0, 2, 'float32', 1), tf.randomUniform([channels], -3, 3, 'float32', 2)) as tf.Tensor4D;
      const scale = tf.randomUniform([channels], 0.5, 1.5, 'float32', 3) as tf.Tensor1D;
      const offset = tf.randomUniform([channels], -1, 1, 'float32', 4) as tf.Tensor1D;
      const lossWeights = tf.randomNormal(shape, 0, 1, 'float32', 5);
      const loss = (fn: typeof referenceBatchNorm) => (x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) =>
        tf.sum(tf.mul(fn(x as tf.Tensor4D, gamma as tf.Tensor1D, beta as tf.Tensor1D), lossWeights));
      return [
        batchNormTraining(input, scale, offset).dataSync(),
        tf.grads(loss(batchNormTraining))([input, scale, offset]).map((gradient) => gradient.dataSync()),
        referenceBatchNorm(input, scale, offset).dataSync(),
        tf.grads(loss(referenceBatchNorm))([input, scale, offset]).map((gradient) => gradient.dataSync()),
      ];
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(relativeDifference(output, wantOutput)).toBeLessThan(1e-5);
    const [dx, dgamma, dbeta] = gradients.map((gradient, index) => relativeDifference(gradient, wantGradients[index]!));
    expect({ dx: dx! < 1e-4, dgamma: dgamma! < 1e-4, dbeta: dbeta! < 1e-4 }).toEqual({ dx: true, dgamma: true, dbeta: true });
  });

  it.skipIf(skip)('should hand the batch mean and biased variance to onStatistics', () => {
    const input = tf.tensor4d([1, 10, 3, 20, 5, 60, 7, 30], [2, 2, 1, 2]);
    const seen: number[][] = [];
    tf.tidy(() => batchNormTraining(input, tf.ones([2]), tf.zeros([2]), 1e-5, (mean, variance) => seen.push(Array.from(mean.dataSync()), Array.from(variance.dataSync()))));
    expect(seen).toEqual([[4, 30], [5, 350]]);
    input.dispose();
  });
});
