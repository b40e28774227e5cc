import { createRandom } from '@spinedx/core';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { conv2dBackpropFilter } from './conv2d-backprop-filter';
import { conv2dBackpropInput } from './conv2d-backprop-input';
import { depthwiseConv2dBackpropFilter } from './depthwise-backprop-filter';
import { depthwiseConv2dBackpropInput } from './depthwise-backprop-input';
import type { ConvCase } from './random-conv-cases.test-helper';
import { randomConvCase, randomTensor, relativeMaxDifference, spreadFilter } from './random-conv-cases.test-helper';
import { unsortedSegmentSum } from './unsorted-segment-sum';

// Any seed must pass: SPINEDX_TEST_SEED=<n> reruns the same checks on other shapes.
const seed = Number(process.env.SPINEDX_TEST_SEED ?? 1307);
const tolerance = 1e-4;
const backends = ['cpu', 'wasm'] as const;

tf.env().set('PROD', true);
beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.setBackend('cpu');
});

function makeCases(depthwise: boolean, stream: number): ConvCase[] {
  const random = createRandom(seed * 31 + stream);
  return Array.from({ length: 16 }, () => randomConvCase(random, { depthwise, channelsFirst: !depthwise }));
}

/** Runs `compute` on each backend and returns the worst relative difference to the stock cpu kernel. */
async function worstDifference(stockKernel: string, inputs: tf.NamedTensorMap, attrs: object, compute: () => tf.Tensor): Promise<number> {
  await tf.setBackend('cpu');
  return worstDifferenceTo(tf.engine().runKernel(stockKernel, inputs, attrs as tf.NamedAttrMap) as tf.Tensor, compute);
}

/** Like worstDifference, against a reference tensor computed on cpu (disposed here). */
async function worstDifferenceTo(expected: tf.Tensor, compute: () => tf.Tensor): Promise<number> {
  let worst = 0;
  for (const backend of backends) {
    await tf.setBackend(backend);
    const before = tf.memory().numTensors;
    const actual = compute();
    worst = Math.max(worst, await relativeMaxDifference(actual, expected));
    actual.dispose();
    if (tf.memory().numTensors !== before) worst = Number.POSITIVE_INFINITY;
  }
  await tf.setBackend('cpu');
  expected.dispose();
  return worst;
}

function forwardOutputShape(testCase: ConvCase, depthwise: boolean): number[] {
  return tf.tidy(() => {
    const x = tf.zeros(testCase.inputShape) as tf.Tensor4D;
    const filter = tf.zeros(testCase.filterShape) as tf.Tensor4D;
    const y = depthwise
      ? tf.depthwiseConv2d(x, filter, testCase.strides, testCase.pad as 'same', 'NHWC', testCase.dilations)
      : tf.conv2d(x, filter, testCase.strides, testCase.pad as 'same', testCase.dataFormat);
    return y.shape;
  });
}

async function filterDifference(testCase: ConvCase): Promise<number> {
  const random = createRandom(seed + testCase.label.length);
  const x = randomTensor(random, testCase.inputShape) as tf.Tensor4D;
  const dy = randomTensor(random, forwardOutputShape(testCase, false)) as tf.Tensor4D;
  const attrs = { strides: testCase.strides, pad: testCase.pad, dataFormat: testCase.dataFormat, dimRoundingMode: undefined, filterShape: testCase.filterShape };
  const difference = await worstDifference('Conv2DBackpropFilter', { x, dy }, attrs, () => conv2dBackpropFilter(x, dy, attrs));
  tf.dispose([x, dy]);
  return difference;
}

function pointwiseCase(inputShape: ConvCase['inputShape'], outChannels: number, strides: [number, number], pad: ConvCase['pad'], dataFormat: ConvCase['dataFormat'], path: string): [string, ConvCase] {
  const inChannels = dataFormat === 'NCHW' ? inputShape[1] : inputShape[3];
  const label = `${path}: x[${inputShape.join(',')}] 1x1 -> ${outChannels} s${strides.join(',')} pad ${JSON.stringify(pad)} ${dataFormat}`;
  return [label, { label, inputShape, filterShape: [1, 1, inChannels, outChannels], strides, dilations: [1, 1], pad, dataFormat }];
}

describe('conv2dBackpropFilter', () => {
  it.each(makeCases(false, 1).map((testCase) => [testCase.label, testCase]))('should match the stock cpu kernel on cpu and wasm for %s', async (_label, testCase) => {
    expect(await filterDifference(testCase)).toBeLessThan(tolerance);
  });

  // 1×1 filters at stride 1 without padding take the matrix product (x transposed when Ci <= Co, dy otherwise);
  // padded or strided ones the convolution.
  it.each([
    pointwiseCase([2, 5, 7, 3], 6, [1, 1], 'valid', 'NHWC', 'matrix product, x transposed'),
    pointwiseCase([3, 4, 3, 7], 2, [1, 1], 'same', 'NHWC', 'matrix product, dy transposed'),
    pointwiseCase([2, 5, 4, 6], 3, [1, 1], 0, 'NCHW', 'matrix product, channels first'),
    pointwiseCase([2, 5, 6, 3], 4, [1, 1], [[0, 0], [1, 0], [0, 2], [0, 0]], 'NHWC', 'convolution, padded'),
    pointwiseCase([2, 7, 6, 4], 5, [2, 2], 'valid', 'NHWC', 'convolution, strided'),
  ])('should match the stock cpu kernel on cpu and wasm with the %s', async (_label, testCase) => {
    expect(await filterDifference(testCase)).toBeLessThan(tolerance);
  });
});

describe('conv2dBackpropInput', () => {
  it.each(makeCases(false, 2).map((testCase) => [testCase.label, testCase]))('should match the stock cpu kernel on cpu and wasm for %s', async (_label, testCase) => {
    const random = createRandom(seed + testCase.label.length);
    const filter = randomTensor(random, testCase.filterShape) as tf.Tensor4D;
    const dy = randomTensor(random, forwardOutputShape(testCase, false)) as tf.Tensor4D;
    const attrs = { strides: testCase.strides, pad: testCase.pad, dataFormat: testCase.dataFormat, dimRoundingMode: undefined, inputShape: testCase.inputShape };
    expect(await worstDifference('Conv2DBackpropInput', { dy, filter }, attrs, () => conv2dBackpropInput(dy, filter, attrs, tf.backend()))).toBeLessThan(tolerance);
    tf.dispose([filter, dy]);
  });
});

/** Worst difference of our depthwise filter gradient (cpu and wasm) to the stock cpu kernel on one geometry. */
async function depthwiseFilterDifference(testCase: ConvCase): Promise<number> {
  const random = createRandom(seed + testCase.label.length);
  const x = randomTensor(random, testCase.inputShape) as tf.Tensor4D;
  const dy = randomTensor(random, forwardOutputShape(testCase, true)) as tf.Tensor4D;
  const attrs = { strides: testCase.strides, dilations: testCase.dilations, pad: testCase.pad, dimRoundingMode: undefined, filterShape: testCase.filterShape };
  // The stock cpu kernel ignores dilations (tfjs's depthwise gradient allows only 1), so the reference runs it on
  // the zero-spread filter at dilation 1 and keeps every dilation-th tap.
  const [height, width, channels, multiplier] = testCase.filterShape;
  const [dilationHeight, dilationWidth] = testCase.dilations;
  const spreadShape = [(height - 1) * dilationHeight + 1, (width - 1) * dilationWidth + 1, channels, multiplier];
  await tf.setBackend('cpu');
  const expected = tf.tidy(() => {
    const full = tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...attrs, dilations: [1, 1], filterShape: spreadShape } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
    return tf.stridedSlice(full, [0, 0, 0, 0], spreadShape, [dilationHeight, dilationWidth, 1, 1]);
  });
  const difference = await worstDifferenceTo(expected, () => depthwiseConv2dBackpropFilter(x, dy, attrs, tf.backend()));
  tf.dispose([x, dy]);
  return difference;
}

function depthwiseCase(inputShape: ConvCase['inputShape'], filterShape: ConvCase['filterShape'], strides: [number, number], dilations: [number, number], pad: ConvCase['pad'], path: string): [string, ConvCase] {
  const label = `${path}: x[${inputShape.join(',')}] k${filterShape[0]}x${filterShape[1]} m${filterShape[3]} s${strides.join(',')} d${dilations.join(',')} pad ${JSON.stringify(pad)}`;
  return [label, { label, inputShape, filterShape, strides, dilations, pad, dataFormat: 'NHWC' }];
}

describe('depthwiseConv2dBackpropFilter', () => {
  it.each(makeCases(true, 3).map((testCase) => [testCase.label, testCase]))('should match the stock cpu kernel on cpu and wasm for %s', async (_label, testCase) => {
    expect(await depthwiseFilterDifference(testCase)).toBeLessThan(tolerance);
  });

  // Each formulation on purpose: on wasm the convolution one takes stride 1, dilation 1, multiplier 1 and dy planes
  // up to 48×48; the direct loop takes everything else, including a unit-step 49×49 dy plane, and all of cpu.
  it.each([
    depthwiseCase([3, 7, 6, 5], [3, 3, 5, 1], [1, 1], [1, 1], 'same', 'convolution'),
    depthwiseCase([2, 9, 8, 4], [5, 3, 4, 1], [1, 1], [1, 1], 'valid', 'convolution'),
    depthwiseCase([2, 6, 7, 3], [3, 2, 3, 1], [1, 1], [1, 1], [[0, 0], [2, 0], [1, 2], [0, 0]], 'convolution'),
    depthwiseCase([1, 48, 48, 2], [3, 3, 2, 1], [1, 1], [1, 1], 'same', 'convolution'),
    depthwiseCase([1, 49, 49, 3], [3, 3, 3, 1], [1, 1], [1, 1], 'same', 'loop'),
    depthwiseCase([2, 9, 11, 3], [5, 5, 3, 1], [2, 2], [1, 1], 'same', 'loop'),
    depthwiseCase([2, 8, 9, 3], [3, 3, 3, 2], [1, 1], [1, 1], 'same', 'loop'),
    depthwiseCase([2, 10, 9, 2], [3, 2, 2, 3], [1, 1], [2, 3], 'valid', 'loop'),
    depthwiseCase([1, 7, 8, 4], [3, 3, 4, 2], [2, 1], [1, 1], [[0, 0], [0, 2], [1, 0], [0, 0]], 'loop'),
    depthwiseCase([3, 9, 9, 2], [3, 3, 2, 1], [1, 1], [2, 2], 1, 'loop'),
  ])('should match the stock cpu kernel on cpu and wasm with the %s', async (_label, testCase) => {
    expect(await depthwiseFilterDifference(testCase)).toBeLessThan(tolerance);
  });
});

describe('depthwiseConv2dBackpropInput', () => {
  it.each(makeCases(true, 4).map((testCase) => [testCase.label, testCase]))('should match the stock cpu kernel on cpu and wasm for %s', async (_label, testCase) => {
    const random = createRandom(seed + testCase.label.length);
    const filter = randomTensor(random, testCase.filterShape) as tf.Tensor4D;
    const dy = randomTensor(random, forwardOutputShape(testCase, true)) as tf.Tensor4D;
    const attrs = { strides: testCase.strides, dilations: testCase.dilations, pad: testCase.pad, dimRoundingMode: undefined, inputShape: testCase.inputShape };
    await tf.setBackend('cpu');
    const spread = spreadFilter(filter, testCase.dilations);
    const expected = tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter: spread }, { ...attrs, dilations: [1, 1] } as unknown as tf.NamedAttrMap) as tf.Tensor;
    expect(await worstDifferenceTo(expected, () => depthwiseConv2dBackpropInput(dy, filter, attrs, tf.backend()))).toBeLessThan(tolerance);
    tf.dispose([filter, dy, spread]);
  });
});

describe('unsortedSegmentSum', () => {
  it.each([
    ['rank-1 ids with repeats and an id out of range', [6, 3], [0, 2, 2, 5, -1, 7], 6],
    ['ids over the first axis of a rank-3 tensor', [4, 3, 2], [1, 3, 1, 0], 4],
    ['scalar rows', [5], [4, 4, 0, 1, 4], 5],
  ] as const)('should match the stock cpu kernel on cpu and wasm for %s', async (_label, shape, ids, numSegments) => {
    const x = randomTensor(createRandom(seed), [...shape]);
    const segmentIds = tf.tensor(ids as unknown as number[], undefined, 'int32');
    const compute = () => unsortedSegmentSum(x, segmentIds, numSegments, tf.backend());
    expect(await worstDifference('UnsortedSegmentSum', { x, segmentIds }, { numSegments }, compute)).toBeLessThan(tolerance);
    tf.dispose([x, segmentIds]);
  });

  it('should throw a ShapeError when the ids do not prefix the data shape', () => {
    const x = tf.zeros([4, 2]);
    const segmentIds = tf.tensor1d([0, 1, 1], 'int32');
    expect(() => unsortedSegmentSum(x, segmentIds, 2, tf.backend())).toThrow('unsortedSegmentSum: expected segmentIds shape to prefix x shape [4, 2]; received [3]');
    tf.dispose([x, segmentIds]);
  });
});
