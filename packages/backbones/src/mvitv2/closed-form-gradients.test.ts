import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { layerNorm } from './layer-norm';
import { gelu } from './mlp';

// layerNorm and gelu carry hand-written backward passes; autodiff through their textbook formulas is the reference.
const plainLayerNorm = (x: tf.Tensor, weight: tf.Tensor, bias: tf.Tensor, eps: number) => {
  const { mean, variance } = tf.moments(x, x.rank - 1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, eps))), weight), bias);
};
const plainGelu = (x: tf.Tensor) => tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.div(x, Math.SQRT2)), 1));

function expectClose(actual: tf.Tensor, expected: tf.Tensor, tolerance: number) {
  expect(actual.shape).toEqual(expected.shape);
  expect(tf.max(tf.abs(tf.sub(actual, expected))).dataSync()[0]).toBeLessThan(tolerance);
}

describe('closed-form gradients', () => {
  it.each([
    { shape: [2, 7, 12], eps: 1e-6 },
    { shape: [3, 5], eps: 1e-5 },
    { shape: [1, 2, 3, 9], eps: 1e-6 },
  ])('should give layerNorm the values and the input, weight and bias gradients of autodiff for $shape', ({ shape, eps }) => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const channels = shape.at(-1)!;
      // An offset and a spread per row, so that the mean and variance terms of the gradient matter.
      const x = tf.add(tf.mul(tf.randomNormal(shape, 0, 1, 'float32', 3), 2.5), 0.7);
      const weight = tf.randomNormal([channels], 1, 0.3, 'float32', 4);
      const bias = tf.randomNormal([channels], 0, 0.3, 'float32', 5);
      const upstream = tf.randomNormal(shape, 0, 1, 'float32', 6);
      const objective = (apply: (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor) => (a: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(apply(a, w, b), upstream));
      const ours = tf.grads(objective((a, w, b) => layerNorm(a, { weight: w as tf.Tensor1D, bias: b as tf.Tensor1D }, eps)))([x, weight, bias]);
      const reference = tf.grads(objective((a, w, b) => plainLayerNorm(a, w, b, eps)))([x, weight, bias]);
      expectClose(layerNorm(x, { weight, bias } as never, eps), plainLayerNorm(x, weight, bias, eps), 1e-5);
      ours.forEach((gradient, index) => expectClose(gradient, reference[index]!, 1e-4));
      // The input gradient of a LayerNorm sums to zero over each row: a dropped mean term would break it.
      expect(tf.max(tf.abs(tf.sum(ours[0]!, -1))).dataSync()[0]).toBeLessThan(1e-4);
    });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('should give gelu the values and gradient of autodiff, including the tails and zero', () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const x = tf.concat([tf.randomNormal([200], 0, 2, 'float32', 7), tf.tensor1d([-8, -3, -1e-3, 0, 1e-3, 3, 8])]);
      const upstream = tf.randomNormal(x.shape, 0, 1, 'float32', 8);
      const ours = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(gelu(a), upstream)))(x);
      const reference = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(plainGelu(a), upstream)))(x);
      expectClose(gelu(x), plainGelu(x), 1e-6);
      expectClose(ours, reference, 1e-5);
      // GELU'(0) = 1/2 and GELU'(3) = Φ(3) + 3 φ(3).
      const slope = tf.grad((a: tf.Tensor) => tf.sum(gelu(a)))(tf.tensor1d([0, 3])).dataSync();
      expect(slope[0]).toBeCloseTo(0.5, 6);
      expect(slope[1]).toBeCloseTo(0.9986501 + (3 * Math.exp(-4.5)) / Math.sqrt(2 * Math.PI), 5);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
