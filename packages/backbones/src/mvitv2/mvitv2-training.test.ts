import * as tf from '@tensorflow/tfjs';
import { goldenInputNhwc } from '@spinedx/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMvitv2 } from './mvitv2';
import { mvitv2Configs, mvitv2PretrainedConfigs } from './mvitv2-configs';

// Training needs the cpu backend: tfjs-backend-wasm has no Conv2DBackpropFilter / DepthwiseConv2dNativeBackpropFilter.
// A narrow MViTv2 (same blocks, strides, relative positions and residual pooling as mvitv2_tiny) keeps it fast.
beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

describe('createMvitv2 training', () => {
  it('should reduce the cross-entropy of a tiny two-class 32 x 32 batch in five Adam steps, with a gradient on every parameter and no leak', () => {
    const architecture = { ...mvitv2Configs.mvitv2_tiny, depths: [1, 2, 1, 1], embedDims: [8, 16, 32, 64], numHeads: [1, 2, 4, 8] };
    const model = createMvitv2('mvitv2_narrow', architecture, mvitv2PretrainedConfigs.mvitv2_tiny, { numClasses: 2, inputShape: [32, 32, 3], seed: 3, dropPathRate: 0.1 });
    const { shape, data } = goldenInputNhwc([4, 3, 32, 32], 9);
    // Class 1 images are shifted up: learnable in a few steps, but not before.
    const input = tf.tidy(() => tf.add(tf.tensor4d(data, shape), tf.reshape(tf.tensor1d([0, 0.5, 0, 0.5]), [4, 1, 1, 1]))) as tf.Tensor4D;
    const labels = tf.oneHot(tf.tensor1d([0, 1, 0, 1], 'int32'), 2);
    const loss = (training: boolean) => tf.losses.softmaxCrossEntropy(labels, model.forward(input, { training })) as tf.Scalar;
    const variables = model.trainableVariables();
    const { grads } = tf.variableGrads(() => loss(true), variables);
    const withoutGradient = Object.entries(grads).filter(([, gradient]) => tf.max(tf.abs(gradient)).dataSync()[0] === 0);
    tf.dispose(grads);
    const optimizer = tf.train.adam(3e-3);
    const before = tf.memory().numTensors;
    const initial = tf.tidy(() => loss(false).dataSync()[0]!);
    for (let step = 0; step < 5; step++) optimizer.minimize(() => loss(true), false, variables);
    const final = tf.tidy(() => loss(false).dataSync()[0]!);
    // Adam adds two moment variables per parameter; anything else left behind is a leak.
    const leaked = tf.memory().numTensors - before - 2 * variables.length;
    optimizer.dispose();
    expect([variables.length, withoutGradient.length, final < 0.8 * initial, leaked]).toEqual([model.parameterSpecs.length, 0, true, 0]);
    tf.dispose([input, labels]);
    model.dispose();
  });

  it('should repeat a training pass exactly for the same ForwardOptions.seed and draw other masks for another', () => {
    const architecture = { ...mvitv2Configs.mvitv2_tiny, depths: [1, 2, 1, 1], embedDims: [8, 16, 32, 64], numHeads: [1, 2, 4, 8] };
    const model = createMvitv2('mvitv2_narrow', architecture, mvitv2PretrainedConfigs.mvitv2_tiny, { numClasses: 2, inputShape: [32, 32, 3], seed: 3, dropPathRate: 0.5, dropRate: 0.5 });
    const { shape, data } = goldenInputNhwc([4, 3, 32, 32], 2);
    const input = tf.tensor4d(data, shape);
    const run = (seed: number) => tf.tidy(() => Array.from(model.forward(input, { training: true, seed }).dataSync()));
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
    input.dispose();
    model.dispose();
  });
});
