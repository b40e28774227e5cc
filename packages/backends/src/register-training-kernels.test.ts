import { createRandom } from '@spinedx/core';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listMissingTrainingKernels } from './capabilities';
import { registerTrainingKernels, unregisterTrainingKernels } from './register-training-kernels';
import { randomTensor } from './training-kernels/random-conv-cases.test-helper';

tf.env().set('PROD', true);
beforeAll(async () => {
  await tf.setBackend('wasm');
});
afterEach(() => unregisterTrainingKernels());

/** Weights of a tiny network with every op type of the three backbone families. */
function createWeights(seed: number): Record<string, tf.Variable> {
  const random = createRandom(seed);
  const weight = (shape: number[], scale: number) => tf.variable(tf.mul(randomTensor(random, shape), scale));
  // tidy frees the initial values; variables survive it.
  return tf.tidy(() => ({
    stem: weight([3, 3, 2, 6], 0.3), // conv2d stride 2 (ResNet stem, downsampling)
    gamma: tf.variable(tf.ones([6])),
    beta: tf.variable(tf.zeros([6])),
    block: weight([3, 3, 6, 6], 0.2), // conv2d stride 1 + residual add
    depthwise: weight([3, 3, 6, 1], 0.3), // EfficientNet depthwise
    squeeze: weight([6, 3], 0.3), // squeeze-excitation
    excite: weight([3, 6], 0.3),
    relativeTable: weight([7, 6], 0.3), // MViTv2 relative-position table, read with gather
    query: weight([6, 6], 0.3), // attention
    head: weight([6, 2], 0.3),
  }));
}

/** Cross-entropy of a forward pass through ResNet-, EfficientNet- and MViTv2-style ops. */
function loss(weights: Record<string, tf.Variable>, images: tf.Tensor4D, labels: tf.Tensor2D): tf.Scalar {
  const w = weights as Record<string, tf.Tensor>;
  let x = tf.conv2d(images, w.stem as tf.Tensor4D, 2, 'same');
  const moments = tf.moments(x, [0, 1, 2]);
  x = tf.relu(tf.batchNorm(x, moments.mean, moments.variance, w.beta as tf.Tensor1D, w.gamma as tf.Tensor1D, 1e-5)) as tf.Tensor4D;
  x = tf.maxPool(x, 3, 1, 'same');
  x = tf.add(x, tf.relu(tf.conv2d(x, w.block as tf.Tensor4D, 1, 'same')));
  x = tf.depthwiseConv2d(x, w.depthwise as tf.Tensor4D, 2, 'same');
  x = tf.mul(x, tf.sigmoid(x)); // SiLU
  const excitation = tf.sigmoid(tf.matMul(tf.relu(tf.matMul(tf.mean(x, [1, 2]), w.squeeze as tf.Tensor2D)), w.excite as tf.Tensor2D));
  x = tf.mul(x, tf.reshape(excitation, [x.shape[0], 1, 1, 6]));
  // Tokens with layer norm, GELU (erf), attention with a gathered relative-position bias, depthwise pooling above.
  const [batch, height, width] = x.shape;
  let tokens = tf.reshape(x, [batch, height * width, 6]);
  const tokenMoments = tf.moments(tokens, -1, true);
  tokens = tf.div(tf.sub(tokens, tokenMoments.mean), tf.sqrt(tf.add(tokenMoments.variance, 1e-5)));
  tokens = tf.mul(tf.mul(tokens, 0.5), tf.add(1, tf.erf(tf.div(tokens, Math.SQRT2))));
  const queries = tf.matMul(tf.reshape(tokens, [-1, 6]), w.query as tf.Tensor2D).reshape([batch, height * width, 6]);
  const count = height * width;
  const offsets = tf.tensor1d(Array.from({ length: count * count }, (_, index) => ((Math.floor(index / count) - (index % count)) % 4) + 3), 'int32');
  const bias = tf.reshape(tf.sum(tf.gather(w.relativeTable!, offsets), -1), [1, count, count]);
  const attention = tf.softmax(tf.add(tf.matMul(queries, tokens, false, true), bias));
  const pooled = tf.mean(tf.matMul(attention, tokens), 1);
  return tf.losses.softmaxCrossEntropy(labels, tf.matMul(pooled, w.head as tf.Tensor2D)) as tf.Scalar;
}

function batchOf(seed: number): { images: tf.Tensor4D; labels: tf.Tensor2D } {
  const random = createRandom(seed);
  const labelIndices = [0, 1, 1, 0];
  // Class 1 images are brighter in their upper half, so the net has something to learn.
  return tf.tidy(() => {
    const images = tf.add(randomTensor(random, [4, 9, 9, 2]), tf.mul(tf.reshape(tf.tensor1d(labelIndices), [4, 1, 1, 1]), tf.concat([tf.ones([1, 5, 9, 2]), tf.zeros([1, 4, 9, 2])], 1)));
    return { images: images as tf.Tensor4D, labels: tf.oneHot(tf.tensor1d(labelIndices, 'int32'), 2) as tf.Tensor2D };
  });
}

describe('registerTrainingKernels', () => {
  it('should fill every missing wasm training kernel, once, and undo cleanly', () => {
    const before = listMissingTrainingKernels('wasm');
    const first = registerTrainingKernels();
    const second = registerTrainingKernels();
    const after = listMissingTrainingKernels('wasm');
    unregisterTrainingKernels();
    expect([before.length > 0, first.length, second, after, listMissingTrainingKernels('wasm')]).toEqual([true, 9, [], [], before]);
  });

  it('should give on wasm the gradients the stock cpu kernels give, for every backbone op type', async () => {
    registerTrainingKernels({ backends: ['wasm'] });
    const weights = createWeights(5);
    const { images, labels } = batchOf(6);
    const gradientsOn = async (backend: string) => {
      await tf.setBackend(backend);
      const { value, grads } = tf.variableGrads(() => loss(weights, images, labels));
      const data = Object.fromEntries(await Promise.all(Object.entries(grads).map(async ([name, gradient]) => [name, await gradient.data()] as const)));
      tf.dispose([value, ...Object.values(grads)]);
      return data;
    };
    const reference = await gradientsOn('cpu');
    const ours = await gradientsOn('wasm');
    const worst = Object.keys(reference).map((name) => {
      const scale = Math.max(1e-3, ...Array.from(reference[name]!, Math.abs));
      return Math.max(...Array.from(ours[name]!, (value, index) => Math.abs(value - reference[name]![index]!))) / scale;
    });
    tf.dispose([images, labels, ...Object.values(weights)]);
    expect({ variables: Object.keys(ours).length, withinTolerance: Math.max(...worst) < 1e-3 }).toEqual({ variables: 10, withinTolerance: true });
  });

  it('should clone on wasm by sharing memory (the stock Identity copies), keeping it until the last holder goes', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend();
    const dataBefore = backend.numDataIds();
    const x = tf.tensor2d([1, -2, 3, 4.5], [2, 2]);
    const stockClone = tf.clone(x);
    expect(stockClone.dataId).not.toBe(x.dataId);
    registerTrainingKernels({ backends: ['wasm'] });
    const clone = tf.clone(x);
    const strings = tf.tensor1d(['spine', 'dx'], 'string');
    const words = tf.clone(strings);
    expect(clone.dataId).toBe(x.dataId);
    x.dispose();
    expect([Array.from(await clone.data()), clone.shape, await words.array()]).toEqual([[1, -2, 3, 4.5], [2, 2], ['spine', 'dx']]);
    tf.dispose([clone, stockClone, strings, words]);
    expect(backend.numDataIds()).toBe(dataBefore);
  });

  describe('BatchMatMul on wasm', () => {
    // [a shape, b shape, transposeA, transposeB]; products from 128x96x96 (1.2 M multiply-adds) take the route through
    // single untransposed products, smaller ones and other broadcasts stay with the stock kernel.
    const cases: [string, number[], number[], boolean, boolean][] = [
      ['batch 3, b transposed', [3, 128, 96], [3, 100, 96], false, true],
      ['batch 2, a transposed', [2, 96, 130], [2, 96, 97], true, false],
      ['batch 2x2, both transposed', [2, 2, 96, 128], [2, 2, 99, 96], true, true],
      ['a batch against one b', [4, 128, 96], [1, 96, 100], false, false],
      ['a batch against one transposed b, rank 2', [3, 128, 96], [100, 96], false, true],
      ['one product, a transposed, rank 2', [160, 128], [160, 96], true, false],
      ['small: 16 products of 9x8x7', [16, 9, 8], [16, 7, 8], false, true],
      ['one a against a batch of b (stock)', [1, 128, 96], [3, 96, 100], false, false],
    ];

    it.each(cases)('%s should match the cpu kernel', async (_label, shapeA, shapeB, transposeA, transposeB) => {
      const random = createRandom(shapeA.length * 31 + shapeB[shapeB.length - 1]!);
      const a = randomTensor(random, shapeA);
      const b = randomTensor(random, shapeB);
      await tf.setBackend('cpu');
      const expected = tf.matMul(a, b, transposeA, transposeB);
      await tf.setBackend('wasm');
      registerTrainingKernels({ backends: ['wasm'] });
      const before = tf.memory().numTensors;
      const profile = await tf.profile(() => tf.matMul(a, b, transposeA, transposeB));
      const actual = profile.result as tf.Tensor;
      const expectedValues = await expected.data();
      const scale = Math.max(...Array.from(expectedValues, Math.abs));
      const difference = Math.max(...Array.from(await actual.data(), (value, index) => Math.abs(value - expectedValues[index]!)));
      const split = profile.kernels.filter((kernel) => kernel.name === 'BatchMatMul').length > 1;
      const [, rows, inner, columns] = [0, shapeA.at(transposeA ? -1 : -2)!, shapeA.at(transposeA ? -2 : -1)!, shapeB.at(transposeB ? -2 : -1)!];
      const batchesAgree = shapeB.length === 2 || tf.util.sizeFromShape(shapeB.slice(0, -2)) === 1 || shapeA.slice(0, -2).join() === shapeB.slice(0, -2).join();
      expect(actual.shape).toEqual(expected.shape);
      expect(difference / scale).toBeLessThan(1e-5);
      expect(split).toBe(rows * inner * columns >= 2 ** 20 && batchesAgree);
      tf.dispose([a, b, expected, actual]);
      expect(tf.memory().numTensors).toBe(before - 3);
    });

    it('should leave int32 products and mismatched shapes to the stock kernel and its errors', async () => {
      await tf.setBackend('wasm');
      registerTrainingKernels({ backends: ['wasm'] });
      const before = tf.memory().numTensors;
      const [a, b, c, d] = [tf.ones([2, 128, 96], 'int32'), tf.ones([2, 96, 100], 'int32'), tf.ones([2, 128, 96]), tf.ones([2, 95, 100])];
      expect(() => tf.matMul(a, b)).toThrow(/float32/);
      expect(() => tf.matMul(c, d)).toThrow(/inner/i);
      tf.dispose([a, b, c, d]);
      expect(tf.memory().numTensors).toBe(before);
    });

    it('should give the gradients of a large attention product that the cpu kernels give', async () => {
      const random = createRandom(41);
      const queries = randomTensor(random, [2, 128, 96]);
      const keys = randomTensor(random, [2, 128, 96]);
      const gradientsOn = async (backend: string) => {
        await tf.setBackend(backend);
        const [dq, dk] = tf.grads((q: tf.Tensor, k: tf.Tensor) => tf.sum(tf.square(tf.matMul(q, k, false, true))))([queries, keys]);
        const values = [await dq!.data(), await dk!.data()];
        tf.dispose([dq!, dk!]);
        return values;
      };
      const expected = await gradientsOn('cpu');
      registerTrainingKernels({ backends: ['wasm'] });
      const actual = await gradientsOn('wasm');
      for (const [index, values] of actual.entries()) {
        const scale = Math.max(...Array.from(expected[index]!, Math.abs));
        expect(Math.max(...Array.from(values, (value, at) => Math.abs(value - expected[index]![at]!))) / scale).toBeLessThan(1e-5);
      }
      tf.dispose([queries, keys]);
    });
  });

  it('should train a tiny conv net on wasm (loss falls) without leaking tensors', async () => {
    registerTrainingKernels();
    await tf.setBackend('wasm');
    const tensorsBefore = tf.memory().numTensors;
    const weights = createWeights(11);
    const optimizer = tf.train.adam(0.03);
    const { images, labels } = batchOf(12);
    const losses: number[] = [];
    for (let step = 0; step < 25; step++) {
      const value = optimizer.minimize(() => loss(weights, images, labels), true, Object.values(weights));
      losses.push((await value!.data())[0]!);
      value!.dispose();
    }
    optimizer.dispose();
    tf.dispose([images, labels, ...Object.values(weights)]);
    expect([tf.getBackend(), losses[24]! < losses[0]! * 0.5, tf.memory().numTensors]).toEqual(['wasm', true, tensorsBefore]);
  });
});
