import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createBackbone } from './registry';

// Training runs on the cpu backend: stock tfjs wasm has no convolution gradients. The cpu backend's convolution
// gradients are naive loops (a full resnet18 step on 4 x 32 x 32 takes tens of seconds), so the optimizer test trains
// the last stage and the classifier, which still runs gradients through convolutions, batch norm and SE blocks.
const lastStage: Record<string, string[]> = { resnet18: ['layer4.1.', 'fc.'], efficientnet_b0: ['blocks.6.', 'conv_head.', 'bn2.', 'classifier.'] };
const batch = () => {
  const images = tf.tensor4d(Float32Array.from({ length: 4 * 32 * 32 * 3 }, (_, index) => Math.sin(index * 0.013) + (index % 7) * 0.1), [4, 32, 32, 3]);
  const labels = tf.oneHot(tf.tensor1d([0, 1, 2, 1], 'int32'), 3);
  return { images, labels };
};

describe.each(Object.keys(lastStage))('%s training', (name) => {
  it('should update batch-norm running statistics in training mode only', () => {
    const backbone = createBackbone(name, { inputShape: [32, 32, 3], numClasses: 3 });
    const { images, labels } = batch();
    const runningMean = backbone.variables.get('bn1.running_mean')!;
    const initial = Array.from(runningMean.dataSync());
    tf.dispose(backbone.predict(images));
    const afterEval = Array.from(runningMean.dataSync());
    tf.dispose(backbone.forward(images, { training: true }));
    const afterTraining = Array.from(runningMean.dataSync());
    expect(afterEval).toEqual(initial);
    expect(afterTraining).not.toEqual(initial);
    tf.dispose([images, labels]);
    backbone.dispose();
  });

  it('should apply dropout in training only, with masks repeated exactly for the same ForwardOptions.seed', () => {
    const withDropout = createBackbone(name, { inputShape: [32, 32, 3], numClasses: 3, dropRate: 0.5 });
    const withoutDropout = createBackbone(name, { inputShape: [32, 32, 3], numClasses: 3, dropRate: 0 });
    const { images, labels } = batch();
    const run = (backbone: typeof withDropout, training: boolean) => tf.tidy(() => Array.from(backbone.forward(images, { training }).dataSync()));
    expect(run(withDropout, true)).not.toEqual(run(withDropout, true));
    expect(run(withoutDropout, true)).toEqual(run(withoutDropout, true));
    expect(run(withDropout, false)).toEqual(run(withDropout, false));
    const seeded = (seed: number) => tf.tidy(() => Array.from(withDropout.forward(images, { training: true, seed }).dataSync()));
    expect(seeded(7)).toEqual(seeded(7));
    expect(seeded(7)).not.toEqual(seeded(8));
    tf.dispose([images, labels]);
    withDropout.dispose();
    withoutDropout.dispose();
  });

  it('should reduce the loss over a few optimizer steps without leaking tensors', () => {
    const backbone = createBackbone(name, { inputShape: [32, 32, 3], numClasses: 3, dropRate: 0 });
    const { images, labels } = batch();
    const optimizer = tf.train.adam(0.01);
    const variables = backbone.parameterSpecs
      .filter((spec) => spec.trainable && lastStage[name]!.some((prefix) => spec.name.startsWith(prefix)))
      .map((spec) => backbone.variables.get(spec.name)!);
    const lossOf = () => tf.losses.softmaxCrossEntropy(labels, backbone.forward(images, { training: true })) as tf.Scalar;
    const losses: number[] = [];
    const before = tf.memory().numTensors;
    for (let step = 0; step < 5; step++) {
      const loss = optimizer.minimize(lossOf, true, variables)!;
      losses.push(loss.dataSync()[0]!);
      loss.dispose();
    }
    expect(variables.length).toBeGreaterThan(4);
    expect(losses[4]!).toBeLessThan(losses[0]! * 0.7);
    expect(backbone.trainableVariables().includes(backbone.variables.get('bn1.running_mean')!)).toBe(false);
    // Adam keeps two moment tensors per trained variable (its beta powers exist from construction).
    expect(tf.memory().numTensors - before).toBe(2 * variables.length);
    optimizer.dispose();
    tf.dispose([images, labels]);
    backbone.dispose();
  });
});
