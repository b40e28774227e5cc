import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { silu } from './activations';

describe('silu', () => {
  it.each([[[2, 3, 4, 5]], [[7]]])('should give x * sigmoid(x) and its autodiff gradient for shape %j', (shape) => {
    const before = tf.memory().numTensors;
    const [output, gradient, wantOutput, wantGradient] = tf.tidy(() => {
      const input = tf.randomNormal(shape, 0, 4, 'float32', 1);
      const lossWeights = tf.randomNormal(shape, 0, 1, 'float32', 2);
      const reference = (x: tf.Tensor) => tf.mul(x, tf.sigmoid(x));
      const loss = (fn: (x: tf.Tensor) => tf.Tensor) => (x: tf.Tensor) => tf.sum(tf.mul(fn(x), lossWeights));
      return [silu(input).dataSync(), tf.grad(loss(silu))(input).dataSync(), reference(input).dataSync(), tf.grad(loss(reference))(input).dataSync()];
    });
    expect(tf.memory().numTensors).toBe(before);
    const scale = Math.max(...Array.from(wantGradient, Math.abs));
    expect(Math.max(...Array.from(output, (value, index) => Math.abs(value - wantOutput[index]!)))).toBeLessThan(1e-6 * Math.max(...Array.from(wantOutput, Math.abs)));
    expect(Math.max(...Array.from(gradient, (value, index) => Math.abs(value - wantGradient[index]!)))).toBeLessThan(1e-5 * scale);
  });
});
