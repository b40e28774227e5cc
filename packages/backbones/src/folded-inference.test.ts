import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { relativeDifference } from '../test/relative-difference';
import type { Backbone } from './backbone';
import { createBackbone } from './registry';
import { exportTimmWeights, loadTimmWeights } from './weights/load-timm-weights';

// Evaluation passes fold each batch norm into its convolution and cache the folded weights per backbone. These
// tests check the fused pass against the unfused one on random statistics, and that every way weights change
// (an optimizer step with its running-statistics update, loading other weights) refolds.

/** Random, non-trivial batch-norm parameters and statistics (the initial ones fold to the identity). */
function randomizeBatchNorms(backbone: Backbone, seed: number): void {
  let index = 0;
  for (const [name, variable] of backbone.variables) {
    const kind = ['.running_var', '.running_mean', '.weight', '.bias'].find((suffix) => name.endsWith(suffix));
    if (kind === undefined || !/(bn|norm|downsample\.1)/.test(name) || variable.rank !== 1) continue;
    index += 1;
    tf.tidy(() => {
      const noise = tf.randomUniform(variable.shape, 0, 1, 'float32', seed * 1000 + index);
      variable.assign(kind === '.running_var' ? tf.add(noise, 0.5) : kind === '.weight' ? tf.add(noise, 0.5) : tf.sub(noise, 0.5));
    });
  }
}

/** Evaluation logits through the unfused ops: recording gradients turns folding off (folded weights are not differentiable). */
function unfusedLogits(backbone: Backbone, input: tf.Tensor4D): Float32Array {
  let logits: Float32Array = new Float32Array();
  // Differentiating with respect to the classifier only keeps the backward pass to one matmul.
  const classifier = backbone.trainableVariables().slice(-2);
  tf.tidy(() => {
    tf.variableGrads(() => {
      const output = backbone.forward(input);
      logits = Float32Array.from(output.dataSync());
      return tf.sum(output);
    }, classifier);
  });
  return logits;
}

const predicted = (backbone: Backbone, input: tf.Tensor4D) => tf.tidy(() => backbone.predict(input).dataSync() as Float32Array);

describe.each(['resnet18', 'efficientnet_b0'])('%s folded evaluation', (name) => {
  const inputShape = [32, 32, 3] as const;
  const input = () => tf.randomUniform([2, ...inputShape], -1, 1, 'float32', 7) as tf.Tensor4D;

  it('should equal the unfused pass, refold after a training step and after loading weights, and leak nothing', () => {
    const before = tf.memory().numTensors;
    const backbone = createBackbone(name, { inputShape, numClasses: 3, seed: 1, dropRate: 0 });
    randomizeBatchNorms(backbone, 1);
    const images = input();
    const withWeights = tf.memory().numTensors;

    const first = predicted(backbone, images);
    expect(relativeDifference(first, unfusedLogits(backbone, images))).toBeLessThan(1e-4);
    const withCache = tf.memory().numTensors;
    expect(withCache).toBeGreaterThan(withWeights);
    expect(Array.from(predicted(backbone, images))).toEqual(Array.from(first));
    expect(tf.memory().numTensors).toBe(withCache);

    // A training step updates every running statistic (and here the last batch norm's scale and shift).
    const optimizer = tf.train.sgd(0.5);
    const labels = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 2], 'int32'), 3));
    const lastNorm = name === 'resnet18' ? ['layer4.1.bn2.weight', 'layer4.1.bn2.bias'] : ['bn2.weight', 'bn2.bias'];
    const trained = [...lastNorm.map((key) => backbone.variables.get(key)!), ...backbone.trainableVariables().slice(-2)];
    tf.dispose(optimizer.minimize(() => tf.losses.softmaxCrossEntropy(labels, backbone.forward(images, { training: true })) as tf.Scalar, false, trained) ?? []);
    const afterStep = predicted(backbone, images);
    expect(relativeDifference(afterStep, first)).toBeGreaterThan(1e-2);
    expect(relativeDifference(afterStep, unfusedLogits(backbone, images))).toBeLessThan(1e-4);
    // Stale folds were released: the only new tensors are the labels and the optimizer's learning-rate scalar.
    expect(tf.memory().numTensors).toBe(withCache + 2);

    // Loading weights replaces every variable: here the same state dict with every value perturbed by up to 20 %.
    const scaled = new Map([...exportTimmWeights(backbone)].map(([key, tensor]) => [key, { ...tensor, data: tensor.data.map((value, index) => value * (1 + 0.2 * Math.sin(index))) }]));
    loadTimmWeights(backbone, scaled);
    const afterLoad = predicted(backbone, images);
    expect(relativeDifference(afterLoad, afterStep)).toBeGreaterThan(1e-2);
    expect(relativeDifference(afterLoad, unfusedLogits(backbone, images))).toBeLessThan(1e-4);

    tf.dispose([images, labels]);
    optimizer.dispose();
    backbone.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
