import * as tf from '@tensorflow/tfjs';
import { createRandom } from '@spinedx/core';
import { describe, expect, it } from 'vitest';
import { blockInput, blockWeights, runNchw } from '../../test/block-weights';
import { batchNormReference, conv2dReference, maxAbsDifference, maxPoolReference, nhwcToNchw } from '../../test/reference-ops';
import { batchNorm2d } from './batch-norm';
import { conv2d, pytorchPadding } from './conv2d';
import { dropout, dropPath } from './dropout';
import { createForwardContext } from './forward-context';
import { batchNormParameters, convParameters, createParameters } from './parameter-declarations';
import { maxPool2d } from './pooling';

const seed = 11;

describe('conv2d', () => {
  it.each([
    ['3x3 stride 2 on an odd size', { inChannels: 3, outChannels: 5, kernelSize: 3, stride: 2, depthwise: false }, [2, 9, 7, 3]],
    ['7x7 stride 2 on an even size', { inChannels: 2, outChannels: 4, kernelSize: 7, stride: 2, depthwise: false }, [1, 10, 12, 2]],
    ['depthwise 5x5 stride 2', { inChannels: 6, outChannels: 6, kernelSize: 5, stride: 2, depthwise: true }, [1, 11, 8, 6]],
    ['depthwise 3x3 stride 1', { inChannels: 4, outChannels: 4, kernelSize: 3, stride: 1, depthwise: true }, [2, 5, 6, 4]],
  ] as const)('should match PyTorch symmetric padding for %s', (_, options, shape) => {
    const weights = blockWeights(convParameters('conv', { ...options, bias: true, init: { kind: 'constant', value: 0 } }), seed);
    const input = blockInput([...shape], seed);
    const got = runNchw(() =>
      conv2d(input.tensor, weights.parameters('conv.weight') as tf.Tensor4D, { stride: options.stride, depthwise: options.depthwise, bias: weights.parameters('conv.bias') as tf.Tensor1D }),
    );
    const want = conv2dReference(input.nchw, weights.pytorch('conv.weight'), {
      stride: options.stride,
      padding: Math.floor(options.kernelSize / 2),
      groups: options.depthwise ? options.inChannels : 1,
      bias: weights.pytorch('conv.bias'),
    });
    expect(got.shape).toEqual(want.shape);
    expect(maxAbsDifference(got.data, want.data)).toBeLessThan(1e-5);
    input.tensor.dispose();
    weights.dispose();
  });

  it('should pad as timm get_padding does', () => {
    expect([pytorchPadding(3, 1), pytorchPadding(3, 2), pytorchPadding(5, 2), pytorchPadding(7, 2), pytorchPadding(1, 2)]).toEqual([1, 1, 2, 3, 0]);
  });
});

describe('maxPool2d', () => {
  it('should never let the padding win (PyTorch pads with -inf), even on all-negative input', () => {
    const data = Float32Array.from({ length: 2 * 7 * 6 * 3 }, (_, index) => -1 - ((index * 37) % 11));
    const input = tf.tensor4d(data, [2, 7, 6, 3]);
    const got = runNchw(() => maxPool2d(input, 3, 2, 1));
    const want = maxPoolReference(nhwcToNchw(data, [2, 7, 6, 3]), 3, 2, 1);
    expect([got.shape, maxAbsDifference(got.data, want.data)]).toEqual([want.shape, 0]);
    input.dispose();
  });
});

describe('batchNorm2d', () => {
  it('should normalise with running statistics in evaluation', () => {
    const weights = blockWeights(batchNormParameters('bn', 5), seed);
    const input = blockInput([2, 3, 4, 5], seed);
    const got = runNchw(() => batchNorm2d(input.tensor, weights.parameters, 'bn'));
    const want = batchNormReference(input.nchw, { weight: weights.pytorch('bn.weight'), bias: weights.pytorch('bn.bias'), mean: weights.pytorch('bn.running_mean'), variance: weights.pytorch('bn.running_var') });
    expect(maxAbsDifference(got.data, want.data)).toBeLessThan(1e-5);
    input.tensor.dispose();
    weights.dispose();
  });

  it('should normalise with batch statistics in training and update running statistics with momentum 0.1 and unbiased variance', () => {
    const weights = blockWeights(batchNormParameters('bn', 3), seed);
    const input = blockInput([2, 3, 2, 3], seed);
    const runningMean = Array.from(weights.pytorch('bn.running_mean').data);
    const runningVar = Array.from(weights.pytorch('bn.running_var').data);
    const count = 2 * 3 * 2;
    const plane = 6;
    const expectedMean: number[] = [];
    const expectedVar: number[] = [];
    const batchMean: number[] = [];
    const batchVar: number[] = [];
    for (let c = 0; c < 3; c++) {
      const values: number[] = [];
      for (let n = 0; n < 2; n++) for (let p = 0; p < plane; p++) values.push(input.nchw.data[(n * 3 + c) * plane + p]!);
      const mean = values.reduce((a, b) => a + b, 0) / count;
      const biased = values.reduce((a, b) => a + (b - mean) ** 2, 0) / count;
      batchMean.push(mean);
      batchVar.push(biased);
      expectedMean.push(0.9 * runningMean[c]! + 0.1 * mean);
      expectedVar.push(0.9 * runningVar[c]! + 0.1 * biased * (count / (count - 1)));
    }
    const got = runNchw(() => batchNorm2d(input.tensor, weights.parameters, 'bn', { training: true }));
    const want = batchNormReference(input.nchw, { weight: weights.pytorch('bn.weight'), bias: weights.pytorch('bn.bias'), mean: { shape: [3], data: batchMean }, variance: { shape: [3], data: batchVar } });
    expect(maxAbsDifference(got.data, want.data)).toBeLessThan(1e-5);
    expect(maxAbsDifference(weights.parameters('bn.running_mean').dataSync(), expectedMean)).toBeLessThan(1e-6);
    expect(maxAbsDifference(weights.parameters('bn.running_var').dataSync(), expectedVar)).toBeLessThan(1e-6);
    input.tensor.dispose();
    weights.dispose();
  });
});

describe('dropout', () => {
  it('should be the identity in evaluation and zero or scale by 1 / (1 - rate) in training, repeatably per seed', () => {
    const input = tf.ones([4, 50]);
    const evaluation = dropout(input, 0.5, createForwardContext(false));
    const first = tf.tidy(() => dropout(input, 0.5, createForwardContext(true, createRandom(1))).dataSync());
    const again = tf.tidy(() => dropout(input, 0.5, createForwardContext(true, createRandom(1))).dataSync());
    const values = new Set(first);
    const zeros = Array.from(first).filter((value) => value === 0).length;
    expect([evaluation, [...values].sort(), Array.from(again)]).toEqual([input, [0, 2], Array.from(first)]);
    expect(zeros).toBeGreaterThan(50);
    expect(zeros).toBeLessThan(150);
    input.dispose();
  });
});

describe('dropPath', () => {
  it('should cost no op at rate 0, in training too (the default drop-path rate)', () => {
    const input = tf.ones([2, 2, 2, 3]);
    expect(dropPath(input, 0, createForwardContext(true))).toBe(input);
    expect(dropout(input, 0, createForwardContext(true))).toBe(input);
    input.dispose();
  });

  it('should drop or keep whole samples in training', () => {
    const input = tf.ones([64, 2, 2, 3]);
    const output = tf.tidy(() => dropPath(input, 0.25, createForwardContext(true, createRandom(4))).arraySync() as number[][][][]);
    const perSample = output.map((sample) => new Set(sample.flat(2)));
    expect(perSample.every((values) => values.size === 1 && (values.has(0) || values.has(Math.fround(1 / 0.75))))).toBe(true);
    expect(perSample.filter((values) => values.has(0)).length).toBeGreaterThan(4);
    input.dispose();
  });
});

describe('createParameters', () => {
  it('should give the same initial values for the same seed and reject duplicate names', () => {
    const declarations = convParameters('c', { inChannels: 2, outChannels: 3, kernelSize: 3, init: { kind: 'normal', std: 0.1 } });
    const a = createParameters(declarations, createRandom(8));
    const b = createParameters(declarations, createRandom(8));
    expect([a.variables.get('c.weight')!.shape, Array.from(a.variables.get('c.weight')!.dataSync())]).toEqual([[3, 3, 2, 3], Array.from(b.variables.get('c.weight')!.dataSync())]);
    [...a.variables.values(), ...b.variables.values()].forEach((variable) => variable.dispose());
    const before = tf.memory().numTensors;
    expect(() => createParameters([...declarations, ...declarations], createRandom(8))).toThrow(/duplicate parameter name 'c.weight'/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
