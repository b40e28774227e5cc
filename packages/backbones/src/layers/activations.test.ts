import { FUSED_KERNEL_NAMES } from '@spinedx/core';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { kernelSets, useKernelSet } from '../../test/kernel-sets';
import { addRelu, relu, silu } from './activations';

/** Output and gradient of `fn` and of `reference` under a weighted loss; NaN-free inputs of `shape`. */
function compare(fn: (x: tf.Tensor) => tf.Tensor, reference: (x: tf.Tensor) => tf.Tensor, input: tf.Tensor) {
  return tf.tidy(() => {
    const lossWeights = tf.randomNormal(input.shape, 0, 1, 'float32', 2);
    const loss = (f: (x: tf.Tensor) => tf.Tensor) => (x: tf.Tensor) => tf.sum(tf.mul(f(x), lossWeights));
    return [fn(input).dataSync(), tf.grad(loss(fn))(input).dataSync(), reference(input).dataSync(), tf.grad(loss(reference))(input).dataSync()];
  });
}

const largest = (values: ArrayLike<number>) => Math.max(...Array.from(values, Math.abs));
const largestDifference = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.max(...Array.from(a, (value, index) => Math.abs(value - b[index]!)));

// On the stock kernels silu and relu are composites of tfjs ops; with the native kernels registered their fused
// kernels run (skipped where the addon is not built). Either way the numbers are autodiff's through x * sigmoid(x)
// and tf.relu.
describe.each(kernelSets)('activations on the $kernels', ({ native }) => {
  const { skip } = useKernelSet(native);

  it.skipIf(skip).each([[[2, 3, 4, 5]], [[7]]])('silu should give x * sigmoid(x) and its autodiff gradient for shape %j', (shape) => {
    const before = tf.memory().numTensors;
    const input = tf.randomNormal(shape, 0, 4, 'float32', 1);
    const [output, gradient, wantOutput, wantGradient] = compare(silu, (x) => tf.mul(x, tf.sigmoid(x)), input);
    input.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(largestDifference(output!, wantOutput!)).toBeLessThan(1e-6 * largest(wantOutput!));
    expect(largestDifference(gradient!, wantGradient!)).toBeLessThan(1e-5 * largest(wantGradient!));
  });

  it.skipIf(skip)('relu should give tf.relu and its gradient, zeros included', () => {
    const before = tf.memory().numTensors;
    const input = tf.tidy(() => tf.concat([tf.randomNormal([200], 0, 2, 'float32', 3), tf.tensor1d([0, -0, 1e-30, -1e-30])]));
    const [output, gradient, wantOutput, wantGradient] = compare(relu, tf.relu, input);
    input.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(Array.from(output!)).toEqual(Array.from(wantOutput!));
    expect(Array.from(gradient!)).toEqual(Array.from(wantGradient!));
  });

  it.skipIf(skip)('should run the fused kernels exactly when the native kernels are registered', async () => {
    const input = tf.randomNormal([3, 5], 0, 1, 'float32', 4);
    const before = tf.memory().numTensors;
    const { kernelNames, result } = await tf.profile(() => tf.grad((x: tf.Tensor) => tf.sum(silu(relu(x))))(input));
    tf.dispose(result as tf.Tensor);
    expect(tf.memory().numTensors).toBe(before);
    expect([FUSED_KERNEL_NAMES.silu, FUSED_KERNEL_NAMES.reluGradient].map((name) => kernelNames.includes(name))).toEqual([native, native]);
    input.dispose();
  });

  it.skipIf(skip)('addRelu should give relu(a + b), as one fused kernel in inference only where registered', async () => {
    const [a, b] = [tf.randomNormal([2, 4, 4, 3], 0, 1, 'float32', 5), tf.randomNormal([2, 4, 4, 3], 0, 1, 'float32', 6)];
    const before = tf.memory().numTensors;
    // tf.profile reuses one profile object, so each call's kernel names are read before the next.
    const inference = await tf.profile(() => addRelu(a, b));
    const inferenceRanFused = inference.kernelNames.includes(FUSED_KERNEL_NAMES.addRelu);
    const expected = tf.tidy(() => tf.relu(tf.add(a, b)).dataSync());
    expect(Array.from((inference.result as tf.Tensor).dataSync())).toEqual(Array.from(expected));
    tf.dispose(inference.result as tf.Tensor);
    // While gradients are recorded it stays differentiable: the add and ReLU ops, whose gradient reaches both inputs.
    const training = await tf.profile(() => tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(addRelu(x, y)))([a, b]));
    const trainingRanFused = training.kernelNames.includes(FUSED_KERNEL_NAMES.addRelu);
    tf.dispose(training.result as tf.Tensor[]);
    expect([inferenceRanFused, trainingRanFused]).toEqual([native, false]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([a, b]);
  });
});
