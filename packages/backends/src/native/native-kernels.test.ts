import { createRandom, FUSED_KERNEL_NAMES } from '@spinedx/core';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registerTrainingKernels, unregisterTrainingKernels } from '../register-training-kernels';
import type { ConvCase } from '../training-kernels/random-conv-cases.test-helper';
import { randomConvCase, randomTensor, relativeMaxDifference, spreadFilter } from '../training-kernels/random-conv-cases.test-helper';
import { loadNativeAddon, type NativeAddon } from './native-addon';
import { FUSED_GRADIENT_KERNEL_NAMES } from '../fused-kernel-gradients';
import { NATIVE_KERNELS } from './native-kernels';
import { nativeKernelsAvailable, registerNativeKernels, setNativeThreads, unregisterNativeKernels } from './register-native-kernels';

// Any seed must pass: SPINEDX_TEST_SEED=<n> reruns the same checks on other shapes.
const seed = Number(process.env.SPINEDX_TEST_SEED ?? 2203);
const tolerance = 1e-4;
const backends = ['cpu', 'wasm'] as const;

const availability = nativeKernelsAvailable();
if (!availability.available && process.env.SPINEDX_REQUIRE_TOOLS === '1') {
  throw new Error(`native kernels are required (SPINEDX_REQUIRE_TOOLS=1): ${availability.reason}`);
}

tf.env().set('PROD', true);

describe.runIf(availability.available)('native kernels', () => {
  const addon = loadNativeAddon().addon as NativeAddon;

  // On the cpu backend the native kernels' outputs are not zero-filled (on wasm they are uninitialised heap anyway):
  // every byte of new Buffer memory is 0xff here, a NaN, so a value a kernel leaves unwritten fails the comparisons.
  const allocateUninitialized = Buffer.allocUnsafeSlow;
  beforeAll(async () => {
    vi.spyOn(Buffer, 'allocUnsafeSlow').mockImplementation((size) => allocateUninitialized(size).fill(0xff));
    await tf.setBackend('wasm');
    await tf.setBackend('cpu');
  });
  afterAll(() => {
    vi.mocked(Buffer.allocUnsafeSlow).mockRestore();
    unregisterNativeKernels();
    unregisterTrainingKernels();
  });

  /**
   * Runs `kernel` with the stock kernels on cpu (the reference), then with the native ones on cpu and wasm. Returns
   * the worst relative difference (infinite when a backend leaked a tensor) and how often `entry` of the addon ran.
   */
  async function compareToStock(kernel: string, inputs: tf.NamedTensorMap, attrs: object, entry: keyof NativeAddon, reference?: () => tf.Tensor, on: readonly string[] = backends): Promise<{ difference: number; nativeCalls: number }> {
    unregisterNativeKernels();
    unregisterTrainingKernels();
    await tf.setBackend('cpu');
    const expected = reference?.() ?? (tf.engine().runKernel(kernel, inputs, attrs as tf.NamedAttrMap) as tf.Tensor);
    registerNativeKernels();
    const spy = vi.spyOn(addon, entry);
    let difference = 0;
    try {
      for (const backend of on) {
        await tf.setBackend(backend);
        const before = tf.memory().numTensors;
        const actual = tf.engine().runKernel(kernel, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;
        difference = Math.max(difference, await relativeMaxDifference(actual, expected));
        actual.dispose();
        if (tf.memory().numTensors !== before) difference = Number.POSITIVE_INFINITY;
      }
      return { difference, nativeCalls: spy.mock.calls.length };
    } finally {
      spy.mockRestore();
      await tf.setBackend('cpu');
      expected.dispose();
    }
  }

  /**
   * Registers the native kernels and runs `check` on cpu, then wasm, expecting no tensor to leak on either. Returns
   * how often `entry` of the addon ran (when one is named); the cpu backend is active again afterwards.
   */
  async function onNativeBackends(entry: keyof NativeAddon | undefined, check: () => Promise<void> | void): Promise<number> {
    registerNativeKernels();
    const spy = entry === undefined ? undefined : vi.spyOn(addon, entry);
    try {
      for (const backend of backends) {
        await tf.setBackend(backend);
        const before = tf.memory().numTensors;
        await check();
        expect(tf.memory().numTensors).toBe(before);
      }
      return spy?.mock.calls.length ?? 0;
    } finally {
      spy?.mockRestore();
      await tf.setBackend('cpu');
    }
  }

  function cases(depthwise: boolean, stream: number): [string, ConvCase][] {
    const random = createRandom(seed * 31 + stream);
    return Array.from({ length: 14 }, () => randomConvCase(random, { depthwise, channelsFirst: !depthwise })).map((testCase) => [testCase.label, testCase]);
  }

  function outputShape(testCase: ConvCase, depthwise: boolean): number[] {
    return tf.tidy(() => {
      const x = tf.zeros(testCase.inputShape) as tf.Tensor4D;
      const filter = tf.zeros(testCase.filterShape) as tf.Tensor4D;
      const dilations = depthwise ? testCase.dilations : ([1, 1] as [number, number]);
      const y = depthwise ? tf.depthwiseConv2d(x, filter, testCase.strides, testCase.pad as 'same', 'NHWC', dilations) : tf.conv2d(x, filter, testCase.strides, testCase.pad as 'same', testCase.dataFormat);
      return y.shape;
    });
  }

  // Channels-first inputs are not for oneDNN here: they must reach the stock kernel, with the same result (on cpu:
  // the wasm backend has no channels-first convolution). tfjs sizes numeric padding from the filter height and
  // stride height alone; where the width then disagrees, so must the stock kernel run.
  const expectedCalls = (testCase: ConvCase, depthwise = false) => {
    if (testCase.dataFormat !== 'NHWC') return 0;
    const [height, width] = [testCase.inputShape[1], testCase.inputShape[2]];
    const [filterHeight, filterWidth] = [testCase.filterShape[0], testCase.filterShape[1]];
    const [dilationHeight, dilationWidth] = depthwise ? testCase.dilations : [1, 1];
    const [strideHeight, strideWidth] = testCase.strides;
    if (typeof testCase.pad === 'number') {
      const tfjsWidth = Math.trunc((width - filterHeight + 2 * testCase.pad) / strideHeight + 1);
      const trueWidth = Math.floor((width + 2 * testCase.pad - ((filterWidth - 1) * dilationWidth + 1)) / strideWidth) + 1;
      const trueHeight = Math.floor((height + 2 * testCase.pad - ((filterHeight - 1) * dilationHeight + 1)) / strideHeight) + 1;
      const tfjsHeight = Math.trunc((height - filterHeight + 2 * testCase.pad) / strideHeight + 1);
      if (tfjsWidth !== trueWidth || tfjsHeight !== trueHeight) return 0;
    }
    return backends.length;
  };
  // Where the native kernel declines, the stock wasm kernel is not compared: with tfjs's numeric-padding sizes it
  // can read past its input, and it has no channels-first convolution.
  const backendsFor = (testCase: ConvCase, depthwise = false): readonly string[] => (expectedCalls(testCase, depthwise) === 0 ? ['cpu'] : backends);

  describe('Conv2D and FusedConv2D', () => {
    it.each(cases(false, 1))('should match the stock kernel for %s', async (_label, testCase) => {
      const random = createRandom(seed + testCase.label.length);
      const x = randomTensor(random, testCase.inputShape);
      const filter = randomTensor(random, testCase.filterShape);
      const attrs = { strides: testCase.strides, pad: testCase.pad, dataFormat: testCase.dataFormat, dilations: [1, 1], dimRoundingMode: undefined };
      const result = await compareToStock('Conv2D', { x, filter }, attrs, 'convolutionForward', undefined, backendsFor(testCase));
      expect(result.difference).toBeLessThan(tolerance);
      expect(result.nativeCalls).toBe(expectedCalls(testCase));
      tf.dispose([x, filter]);
    });

    it.each(['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu'])('should fuse the bias and a %s activation', async (activation) => {
      const random = createRandom(seed + activation.length);
      const x = randomTensor(random, [2, 9, 7, 3]);
      const filter = randomTensor(random, [3, 3, 3, 5]);
      const bias = randomTensor(random, [5]);
      const attrs = { strides: [2, 1], pad: 'same', dataFormat: 'NHWC', dilations: [1, 2], dimRoundingMode: undefined, activation, leakyreluAlpha: 0.3 };
      const result = await compareToStock('FusedConv2D', { x, filter, bias }, attrs, 'convolutionForward');
      expect(result.difference).toBeLessThan(tolerance);
      expect(result.nativeCalls).toBe(2);
      tf.dispose([x, filter, bias]);
    });

    it('should leave PReLU to the stock kernel', async () => {
      const random = createRandom(seed + 7);
      const x = randomTensor(random, [1, 6, 6, 2]);
      const filter = randomTensor(random, [3, 3, 2, 4]);
      const alpha = randomTensor(random, [4]);
      const prelu = await compareToStock('FusedConv2D', { x, filter, preluActivationWeights: alpha }, { strides: 1, pad: 'valid', dataFormat: 'NHWC', dilations: 1, activation: 'prelu' }, 'convolutionForward');
      expect(prelu.difference).toBeLessThan(tolerance);
      expect(prelu.nativeCalls).toBe(0);
      tf.dispose([x, filter, alpha]);
    });
  });

  describe('DepthwiseConv2dNative and FusedDepthwiseConv2D', () => {
    it.each(cases(true, 2))('should match the stock kernel for %s', async (_label, testCase) => {
      const random = createRandom(seed + testCase.label.length);
      const x = randomTensor(random, testCase.inputShape);
      const filter = randomTensor(random, testCase.filterShape);
      const attrs = { strides: testCase.strides, pad: testCase.pad, dataFormat: 'NHWC', dilations: testCase.dilations, dimRoundingMode: undefined };
      const result = await compareToStock('DepthwiseConv2dNative', { x, filter }, attrs, 'convolutionForward', undefined, backendsFor(testCase, true));
      expect(result.difference).toBeLessThan(tolerance);
      expect(result.nativeCalls).toBe(expectedCalls(testCase, true));
      tf.dispose([x, filter]);
    });

    it('should fuse the bias and activation of a depthwise convolution with a channel multiplier', async () => {
      const random = createRandom(seed + 11);
      const x = randomTensor(random, [2, 11, 10, 4]);
      const filter = randomTensor(random, [5, 3, 4, 3]);
      const bias = randomTensor(random, [12]);
      const attrs = { strides: [2, 2], pad: 'same', dataFormat: 'NHWC', dilations: 1, dimRoundingMode: undefined, activation: 'relu6' };
      const result = await compareToStock('FusedDepthwiseConv2D', { x, filter, bias }, attrs, 'convolutionForward');
      expect(result.difference).toBeLessThan(tolerance);
      expect(result.nativeCalls).toBe(2);
      tf.dispose([x, filter, bias]);
    });
  });

  describe('convolution gradients', () => {
    it.each(cases(false, 3))('Conv2DBackpropInput should match the stock kernel for %s', async (_label, testCase) => {
      const random = createRandom(seed + testCase.label.length);
      const filter = randomTensor(random, testCase.filterShape);
      const dy = randomTensor(random, outputShape(testCase, false));
      const attrs = { strides: testCase.strides, pad: testCase.pad, dataFormat: testCase.dataFormat, dimRoundingMode: undefined, inputShape: testCase.inputShape };
      const result = await compareToStock('Conv2DBackpropInput', { dy, filter }, attrs, 'convolutionBackwardData', undefined, backendsFor(testCase));
      expect(result.difference).toBeLessThan(tolerance);
      expect(result.nativeCalls).toBe(expectedCalls(testCase));
      tf.dispose([filter, dy]);
    });

    it.each(cases(false, 4))('Conv2DBackpropFilter should match the stock kernel for %s', async (_label, testCase) => {
      const random = createRandom(seed + testCase.label.length);
      const x = randomTensor(random, testCase.inputShape);
      const dy = randomTensor(random, outputShape(testCase, false));
      const attrs = { strides: testCase.strides, pad: testCase.pad, dataFormat: testCase.dataFormat, dimRoundingMode: undefined, filterShape: testCase.filterShape };
      const result = await compareToStock('Conv2DBackpropFilter', { x, dy }, attrs, 'convolutionBackwardFilter', undefined, backendsFor(testCase));
      expect(result.difference).toBeLessThan(tolerance);
      expect(result.nativeCalls).toBe(expectedCalls(testCase));
      tf.dispose([x, dy]);
    });

    // The stock depthwise gradients take dilation 1 only: with dilations the reference runs them on the zero-spread filter.
    it.each(cases(true, 5))('DepthwiseConv2dNativeBackpropInput should match the stock kernel for %s', async (_label, testCase) => {
      const random = createRandom(seed + testCase.label.length);
      const filter = randomTensor(random, testCase.filterShape) as tf.Tensor4D;
      const dy = randomTensor(random, outputShape(testCase, true));
      const attrs = { strides: testCase.strides, dilations: testCase.dilations, pad: testCase.pad, dimRoundingMode: undefined, inputShape: testCase.inputShape };
      const spread = spreadFilter(filter, testCase.dilations);
      const reference = () => tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter: spread }, { ...attrs, dilations: [1, 1] } as unknown as tf.NamedAttrMap) as tf.Tensor;
      const result = await compareToStock('DepthwiseConv2dNativeBackpropInput', { dy, filter }, attrs, 'convolutionBackwardData', reference, backendsFor(testCase, true));
      expect(result.difference).toBeLessThan(tolerance);
      expect(result.nativeCalls).toBe(expectedCalls(testCase, true));
      tf.dispose([filter, dy, spread]);
    });

    it.each(cases(true, 6))('DepthwiseConv2dNativeBackpropFilter should match the stock kernel for %s', async (_label, testCase) => {
      const random = createRandom(seed + testCase.label.length);
      const x = randomTensor(random, testCase.inputShape);
      const dy = randomTensor(random, outputShape(testCase, true));
      const attrs = { strides: testCase.strides, dilations: testCase.dilations, pad: testCase.pad, dimRoundingMode: undefined, filterShape: testCase.filterShape };
      const [height, width, channels, multiplier] = testCase.filterShape;
      const [dilationHeight, dilationWidth] = testCase.dilations;
      const spreadShape = [(height - 1) * dilationHeight + 1, (width - 1) * dilationWidth + 1, channels, multiplier];
      const reference = () =>
        tf.tidy(() => {
          const full = tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { ...attrs, dilations: [1, 1], filterShape: spreadShape } as unknown as tf.NamedAttrMap) as tf.Tensor4D;
          return tf.stridedSlice(full, [0, 0, 0, 0], spreadShape, [dilationHeight, dilationWidth, 1, 1]);
        });
      const result = await compareToStock('DepthwiseConv2dNativeBackpropFilter', { x, dy }, attrs, 'convolutionBackwardFilter', reference, backendsFor(testCase, true));
      expect(result.difference).toBeLessThan(tolerance);
      expect(result.nativeCalls).toBe(expectedCalls(testCase, true));
      tf.dispose([x, dy]);
    });
  });

  describe('BatchMatMul and _FusedMatMul', () => {
    const random = createRandom(seed * 7);
    const matrixCases = Array.from({ length: 12 }, (_, index) => {
      const [rows, inner, columns] = [random.integer(1, 9), random.integer(1, 9), random.integer(1, 9)];
      const transposeA = random.next() < 0.5;
      const transposeB = random.next() < 0.5;
      // Outer shapes: none, equal, or one side broadcast from 1 (ranks 2 to 4).
      const outer = index % 3 === 0 ? [] : index % 3 === 1 ? [random.integer(2, 3), random.integer(1, 3)] : [random.integer(2, 4)];
      const outerB = index % 4 === 3 ? outer.map(() => 1) : outer;
      const aShape = [...outer, ...(transposeA ? [inner, rows] : [rows, inner])];
      const bShape = [...outerB, ...(transposeB ? [columns, inner] : [inner, columns])];
      return [`a[${aShape.join(',')}]${transposeA ? 'ᵀ' : ''} b[${bShape.join(',')}]${transposeB ? 'ᵀ' : ''}`, aShape, bShape, transposeA, transposeB] as const;
    });

    it.each(matrixCases)('should match the stock kernel for %s', async (_label, aShape, bShape, transposeA, transposeB) => {
      const values = createRandom(seed + aShape.length * 13 + bShape.length);
      const a = randomTensor(values, [...aShape]);
      const b = randomTensor(values, [...bShape]);
      const result = await compareToStock('BatchMatMul', { a, b }, { transposeA, transposeB }, 'matrixProduct');
      expect(result.difference).toBeLessThan(tolerance);
      expect(result.nativeCalls).toBe(2);
      tf.dispose([a, b]);
    });

    it.each([
      ['few rows (sgemm onto the bias)', [5, 7], [7, 4], false, false],
      ['few rows, batched and transposed', [3, 7, 5], [3, 4, 7], true, true],
      ['few rows, b broadcast over the batch', [2, 6, 7], [1, 7, 4], false, false],
      ['many rows (the matmul primitive)', [300, 8], [8, 5], false, false],
    ] as const)('should add a bias with a linear activation for %s', async (_label, aShape, bShape, transposeA, transposeB) => {
      const values = createRandom(seed + aShape[0]!);
      const a = randomTensor(values, [...aShape]);
      const b = randomTensor(values, [...bShape]);
      const bias = randomTensor(values, [transposeB ? bShape.at(-2)! : bShape.at(-1)!]);
      const result = await compareToStock('_FusedMatMul', { a, b, bias }, { transposeA, transposeB, activation: 'linear' }, 'matrixProduct');
      expect(result.difference).toBeLessThan(tolerance);
      expect(result.nativeCalls).toBe(2);
      tf.dispose([a, b, bias]);
    });

    it('should fuse the bias and activation of a dense layer', async () => {
      const values = createRandom(seed + 3);
      const a = randomTensor(values, [5, 7]);
      const b = randomTensor(values, [7, 4]);
      const bias = randomTensor(values, [4]);
      const result = await compareToStock('_FusedMatMul', { a, b, bias }, { transposeA: false, transposeB: false, activation: 'elu' }, 'matrixProduct');
      expect(result.difference).toBeLessThan(tolerance);
      expect(result.nativeCalls).toBe(2);
      tf.dispose([a, b, bias]);
    });
  });

  describe('Sum, Mean, FusedBatchNorm, MaxPool and MaxPoolGrad', () => {
    const random = createRandom(seed * 11);
    const reductionCases = Array.from({ length: 10 }, () => {
      const rank = random.integer(1, 4);
      const shape = Array.from({ length: rank }, () => random.integer(1, 9));
      const first = random.integer(0, rank - 1);
      const last = random.integer(first, rank - 1);
      const axes = Array.from({ length: last - first + 1 }, (_, index) => first + index);
      return [`x[${shape.join(',')}] axes ${axes.join(',')}`, shape, axes, random.next() < 0.5] as const;
    });

    it.each(reductionCases)('Sum and Mean should match the stock kernels for %s', async (_label, shape, axes, keepDims) => {
      const x = randomTensor(createRandom(seed + shape.length * 5 + axes.length), [...shape]);
      for (const kernel of ['Sum', 'Mean']) {
        const result = await compareToStock(kernel, { x }, { axis: [...axes], keepDims }, 'reduceSum');
        expect(result.difference).toBeLessThan(tolerance);
        expect(result.nativeCalls).toBe(2);
      }
      x.dispose();
    });

    it('should sum several chunks of rows and blocks of columns, with the same values on any thread count', async () => {
      // [outer 3, reduced 1,500, inner 2,100]: two chunks of rows and two blocks of columns per outer index.
      const x = randomTensor(createRandom(seed + 9), [3, 1500, 2100]);
      const sum = await compareToStock('Sum', { x }, { axis: [1], keepDims: false }, 'reduceSum');
      expect(sum.difference).toBeLessThan(1e-6);
      const values = x.dataSync() as Float32Array;
      const original = addon.threads();
      const sums = [1, 2].map((threads) => {
        setNativeThreads(threads);
        const output = new Float32Array(3 * 2100);
        addon.reduceSum([3, 1500, 2100], values, 1, output);
        return output;
      });
      setNativeThreads(original);
      expect(sums[1]).toEqual(sums[0]);
      x.dispose();
    });

    it('should reduce the batch-norm axes of a large tensor to float32 accuracy and leave non-contiguous axes to the stock kernel', async () => {
      // 8·56·56 values per channel around 1000 (float32 accumulation in that order loses digits; double does not).
      const x = tf.tidy(() => tf.add(randomTensor(createRandom(seed + 5), [8, 56, 56, 16]), 1000));
      const sum = await compareToStock('Sum', { x }, { axis: [0, 1, 2], keepDims: false }, 'reduceSum');
      expect(sum.difference).toBeLessThan(1e-6);
      const mean = await compareToStock('Mean', { x }, { axis: [0, 1, 2], keepDims: true }, 'reduceSum');
      expect(mean.difference).toBeLessThan(1e-6);
      const gapped = await compareToStock('Sum', { x }, { axis: [0, 2], keepDims: false }, 'reduceSum');
      expect(gapped.difference).toBeLessThan(tolerance);
      expect(gapped.nativeCalls).toBe(0);
      x.dispose();
    });

    it.each([
      ['offset and scale', true, true],
      ['offset only', true, false],
      ['scale only', false, true],
      ['neither', false, false],
    ])('FusedBatchNorm should match the stock kernel with %s', async (_label, withOffset, withScale) => {
      const values = createRandom(seed + 17);
      const x = randomTensor(values, [2, 5, 3, 6]);
      const mean = randomTensor(values, [6]);
      const variance = tf.tidy(() => tf.abs(randomTensor(values, [6])));
      const offset = randomTensor(values, [6]);
      const scale = randomTensor(values, [6]);
      const inputs: tf.NamedTensorMap = { x, mean, variance, ...(withOffset ? { offset } : {}), ...(withScale ? { scale } : {}) };
      const result = await compareToStock('FusedBatchNorm', inputs, { varianceEpsilon: 1e-3 }, 'batchNormalize');
      expect(result.difference).toBeLessThan(tolerance);
      expect(result.nativeCalls).toBe(2);
      tf.dispose([x, mean, variance, offset, scale]);
    });

    it('FusedBatchNorm should leave parameters that are not one value per channel to the stock kernel', async () => {
      const values = createRandom(seed + 19);
      const x = randomTensor(values, [2, 4, 4, 3]);
      const scalarMean = tf.tensor1d([0.5]);
      const variance = tf.ones([1]);
      const result = await compareToStock('FusedBatchNorm', { x, mean: scalarMean, variance }, { varianceEpsilon: 1e-3 }, 'batchNormalize');
      expect(result.difference).toBeLessThan(tolerance);
      expect(result.nativeCalls).toBe(0);
      tf.dispose([x, scalarMean, variance]);
    });

    const poolCases = Array.from({ length: 10 }, () => {
      const filter = [random.integer(1, 4), random.integer(1, 4)] as [number, number];
      const strides = [random.integer(1, 3), random.integer(1, 3)] as [number, number];
      const pad = (['same', 'valid'] as const)[random.integer(0, 1)]!;
      const shape = [random.integer(1, 3), filter[0] + random.integer(0, 8), filter[1] + random.integer(0, 8), random.integer(1, 5)] as [number, number, number, number];
      return [`x[${shape.join(',')}] k${filter.join('x')} s${strides.join(',')} ${pad}`, shape, filter, strides, pad] as const;
    });

    it.each(poolCases)('MaxPool should match the stock kernel for %s', async (_label, shape, filterSize, strides, pad) => {
      const values = createRandom(seed + shape[1] * 5 + shape[2]);
      const x = randomTensor(values, [...shape]);
      const result = await compareToStock('MaxPool', { x }, { filterSize, strides, pad, dimRoundingMode: undefined }, 'maxPool');
      expect(result.difference).toBe(0);
      expect(result.nativeCalls).toBe(2);
      x.dispose();
    });

    it("MaxPool should skip NaN and keep -Infinity padding as the cpu backend's kernel does", async () => {
      // MViTv2's shortcut pool pads with -Infinity and pools 'valid'.
      const x = tf.pad(tf.tensor4d([Number.NaN, 2, -1, Number.NaN, 5, 3, 0, -7, 1], [1, 3, 3, 1]), [[0, 0], [1, 1], [1, 1], [0, 0]], Number.NEGATIVE_INFINITY);
      const result = await compareToStock('MaxPool', { x }, { filterSize: 3, strides: 2, pad: 'valid', dimRoundingMode: undefined }, 'maxPool', undefined, ['cpu']);
      expect(result.difference).toBe(0);
      expect(result.nativeCalls).toBe(1);
      x.dispose();
    });

    it.each(poolCases)('MaxPoolGrad should match the stock kernel for %s', async (_label, shape, filterSize, strides, pad) => {
      const values = createRandom(seed + shape[1] * 7 + shape[2]);
      // Rounded values make ties, which must go to the first largest input as in the stock kernel.
      const input = tf.tidy(() => tf.round(tf.mul(randomTensor(values, [...shape]), 2)));
      const output = tf.maxPool(input as tf.Tensor4D, filterSize, strides, pad);
      const dy = randomTensor(values, output.shape);
      const result = await compareToStock('MaxPoolGrad', { dy, input, output }, { filterSize, strides, pad, dimRoundingMode: undefined }, 'maxPoolGradient');
      expect(result.difference).toBeLessThan(tolerance);
      expect(result.nativeCalls).toBe(2);
      tf.dispose([input, output, dy]);
    });

    it('MaxPoolGrad should match the stock kernel on 64 channels with ties, NaN and -Infinity windows', async () => {
      // 64 channels fill whole vector registers; NaN never wins a window and an all -Infinity window passes nothing back.
      const values = createRandom(seed + 17);
      const input = tf.tidy(() => {
        const rounded = tf.round(randomTensor(values, [2, 7, 7, 64]));
        const holes = tf.less(randomTensor(values, [2, 7, 7, 64]), -0.6);
        return tf.pad(tf.where(holes, tf.fill([2, 7, 7, 64], Number.NaN), rounded), [[0, 0], [2, 1], [1, 2], [0, 0]], Number.NEGATIVE_INFINITY);
      });
      const output = tf.maxPool(input as tf.Tensor4D, 3, 2, 'valid');
      const dy = randomTensor(values, output.shape);
      const result = await compareToStock('MaxPoolGrad', { dy, input, output }, { filterSize: 3, strides: 2, pad: 'valid', dimRoundingMode: undefined }, 'maxPoolGradient');
      expect(result.difference).toBeLessThan(1e-6); // overlapping windows add in another order than the stock kernel
      expect(result.nativeCalls).toBe(2);
      tf.dispose([input, output, dy]);
    });
  });

  describe('Add, Sub, Multiply, RealDiv and Sigmoid', () => {
    const random = createRandom(seed * 13);
    // Equal shapes, a channel vector, a squeeze-excite gate [N, 1, 1, C], a per-sample factor, a scalar, either side.
    const shapes: [number[], number[]][] = [
      [[2, 5, 4, 3], [2, 5, 4, 3]],
      [[2, 5, 4, 3], [3]],
      [[3], [2, 5, 4, 3]],
      [[2, 5, 4, 6], [2, 1, 1, 6]],
      [[2, 1, 1, 6], [2, 5, 4, 6]],
      [[3, 4, 5], [3, 1, 1]],
      [[7, 9], []],
      [[], [7, 9]],
      [[4, 1, 6], [4, 1, 6]],
    ];
    it.each(shapes.flatMap(([aShape, bShape]) => ['Add', 'Sub', 'Multiply', 'RealDiv'].map((kernel) => [`${kernel} a[${aShape.join(',')}] b[${bShape.join(',')}]`, kernel, aShape, bShape] as const)))(
      '%s should match the stock kernel',
      async (_label, kernel, aShape, bShape) => {
        const a = randomTensor(random, aShape);
        // Divisors kept away from zero, so the comparison is of arithmetic, not of infinities.
        const b = tf.tidy(() => (kernel === 'RealDiv' ? tf.add(tf.abs(randomTensor(random, bShape)), 0.5) : randomTensor(random, bShape)));
        const result = await compareToStock(kernel, { a, b }, {}, 'binaryOperation');
        expect(result.difference).toBeLessThan(1e-6);
        expect(result.nativeCalls).toBe(2);
        tf.dispose([a, b]);
      },
    );

    it('should take a float32 tensor the cpu backend keeps in an Int32Array (a cast from int32)', async () => {
      await tf.setBackend('cpu');
      registerNativeKernels();
      const spy = vi.spyOn(addon, 'binaryOperation');
      try {
        const product = tf.tidy(() => tf.mul(tf.cast(tf.tensor2d([[1, 2], [3, 4]], [2, 2], 'int32'), 'float32'), tf.tensor2d([[0.5, 2], [-1, 0.25]])));
        expect(Array.from(await product.data())).toEqual([0.5, 4, -3, 1]);
        expect(spy).toHaveBeenCalledTimes(1);
        product.dispose();
      } finally {
        spy.mockRestore();
      }
    });

    // Broadcasts over several runs of axes, or from both sides (MViTv2's relative-position terms), take the strided loop.
    it.each([
      [[2, 3, 4], [1, 3, 1]],
      [[1, 2, 3, 4, 5, 1], [1, 2, 3, 4, 1, 6]],
      [[4, 1], [1, 5]],
      [[3, 1, 2], [4, 1]],
    ])('should broadcast a[%j] against b[%j] like the stock kernels', async (aShape, bShape) => {
      for (const kernel of ['Add', 'Multiply', 'Sub']) {
        const a = randomTensor(random, aShape);
        const b = randomTensor(random, bShape);
        const result = await compareToStock(kernel, { a, b }, {}, 'binaryOperation');
        expect(result.difference).toBeLessThan(1e-6);
        expect(result.nativeCalls).toBe(2);
        tf.dispose([a, b]);
      }
    });

    it('should leave integer tensors to the stock kernels', async () => {
      const integers = tf.tensor1d([1, 2, 3], 'int32');
      const sum = await compareToStock('Add', { a: integers, b: integers }, {}, 'binaryOperation');
      expect(sum.difference).toBe(0);
      expect(sum.nativeCalls).toBe(0);
      integers.dispose();
    });

    it('Sigmoid should match the stock kernel to float32 accuracy, extremes included', async () => {
      const x = tf.tidy(() => tf.concat([tf.mul(randomTensor(random, [4000]), 8), tf.tensor1d([0, -0, 1e-8, -1e-8, 20, -20, 88, -88, 100, -100, 1e4, -1e4])]));
      const result = await compareToStock('Sigmoid', { x }, {}, 'unaryOperation');
      expect(result.difference).toBeLessThan(1e-6);
      expect(result.nativeCalls).toBe(2);
      x.dispose();
    });
  });

  describe('Transpose, Unpack, Pack and Erf', () => {
    const random = createRandom(seed * 17);
    const permutations: [number[], number[]][] = [
      [[8, 9, 3, 2, 5], [2, 0, 3, 1, 4]], // MViTv2's q/k/v split, last axis kept
      [[2, 5, 4, 3], [0, 3, 1, 2]], // channels-last to channels-first, last axis moved
      [[7, 6], [1, 0]],
      [[3, 1, 4, 2], [3, 2, 1, 0]],
      [[5], [0]],
      [[2, 3, 2, 2, 2, 3], [5, 4, 3, 2, 1, 0]],
    ];
    it.each(permutations.map(([shape, perm]) => [`x[${shape.join(',')}] perm ${perm.join(',')}`, shape, perm] as const))('Transpose should match the stock kernel for %s', async (_label, shape, perm) => {
      const x = randomTensor(random, shape);
      const result = await compareToStock('Transpose', { x }, { perm }, 'transpose');
      expect(result.difference).toBe(0);
      expect(result.nativeCalls).toBe(2);
      x.dispose();
    });

    it.each([
      ['the first axis', [3, 4, 5], 0],
      ['a middle axis', [2, 3, 4, 2], 1],
      ['the last axis', [4, 3], -1],
    ] as const)('Unpack should match the stock kernel along %s', async (_label, shape, axis) => {
      const value = randomTensor(random, [...shape]);
      unregisterNativeKernels();
      unregisterTrainingKernels();
      await tf.setBackend('cpu');
      const expected = tf.engine().runKernel('Unpack', { value }, { axis }) as tf.Tensor[];
      try {
        const calls = await onNativeBackends('unstack', async () => {
          const actual = tf.engine().runKernel('Unpack', { value }, { axis }) as tf.Tensor[];
          expect(actual.map((tensor) => tensor.shape)).toEqual(expected.map((tensor) => tensor.shape));
          for (const [index, tensor] of actual.entries()) expect(await relativeMaxDifference(tensor, expected[index]!)).toBe(0);
          tf.dispose(actual);
        });
        expect(calls).toBe(2);
      } finally {
        tf.dispose([value, ...expected]);
      }
    });

    it.each([
      ['the first axis', [3, 4, 5], 0, 3],
      ['a middle axis', [2, 3, 4], 1, 2],
      ['the last axis', [4, 3], -1, 4],
    ] as const)('Pack should match the stock kernel along %s', async (_label, shape, axis, count) => {
      const tensors = Array.from({ length: count }, () => randomTensor(random, [...shape]));
      const result = await compareToStock('Pack', tensors as unknown as tf.NamedTensorMap, { axis }, 'stack');
      expect(result.difference).toBe(0);
      expect(result.nativeCalls).toBe(2);
      tf.dispose(tensors);
    });

    it('Erf should match the stock kernel, extremes included', async () => {
      const x = tf.tidy(() => tf.concat([tf.mul(randomTensor(random, [3000]), 3), tf.tensor1d([0, -0, 1e-7, -1e-7, 6, -6, 30, -30, 1e4, -1e4])]));
      const result = await compareToStock('Erf', { x }, {}, 'unaryOperation');
      expect(result.difference).toBeLessThan(1e-6);
      expect(result.nativeCalls).toBe(2);
      x.dispose();
    });

    it.each([
      ['rows of a table by a matrix of indices (relative positions)', [13, 6], [[0, 12, 5], [7, 7, 1]], 0],
      ['a middle axis', [2, 5, 3], [4, 0, 4], 1],
      ['the last axis', [3, 4], [3, 1], 1],
    ] as const)('GatherV2 should match the stock kernel for %s', async (_label, shape, indexValues, axis) => {
      const x = randomTensor(random, [...shape]);
      const indices = tf.tensor(indexValues.flat() as number[], [indexValues.length, ...(Array.isArray(indexValues[0]) ? [(indexValues[0] as readonly number[]).length] : [])], 'int32');
      const result = await compareToStock('GatherV2', { x, indices }, { axis, batchDims: 0 }, 'gather');
      expect(result.difference).toBe(0);
      expect(result.nativeCalls).toBe(2);
      tf.dispose([x, indices]);
    });

    it('GatherV2 should leave an index out of range to the stock kernel and its error', async () => {
      registerNativeKernels();
      const spy = vi.spyOn(addon, 'gather');
      const x = tf.tensor2d([[1, 2], [3, 4]]);
      const indices = tf.tensor1d([0, 2], 'int32');
      try {
        expect(() => tf.gather(x, indices)).toThrow(/not in \[0, 1\]/);
        expect(spy).not.toHaveBeenCalled();
      } finally {
        spy.mockRestore();
        tf.dispose([x, indices]);
      }
    });

    it('should leave integer transposes to the stock kernel', async () => {
      const x = tf.tensor2d([[1, 2, 3], [4, 5, 6]], [2, 3], 'int32');
      const result = await compareToStock('Transpose', { x }, { perm: [1, 0] }, 'transpose');
      expect(result.difference).toBe(0);
      expect(result.nativeCalls).toBe(0);
      x.dispose();
    });
  });

  describe('Relu, Step, Neg, Exp, Square, SquaredDifference, Softmax and Slice', () => {
    const random = createRandom(seed * 19);
    const extremes = [0, -0, 1e-30, -1e-30, 50, -50, 88, -88, 100, -100];

    it.each([
      ['Relu', {}],
      ['Step', { alpha: 0.25 }],
      ['Neg', {}],
      ['Exp', {}],
      ['Square', {}],
    ] as const)('%s should match the stock kernel, NaN and extremes included', async (kernel, attrs) => {
      const x = tf.tidy(() => tf.concat([tf.mul(randomTensor(random, [2000]), 4), tf.tensor1d(kernel === 'Exp' || kernel === 'Square' ? extremes.filter((value) => Math.abs(value) < 80) : extremes)]));
      const result = await compareToStock(kernel, { x }, attrs, 'unaryOperation');
      expect(result.difference).toBeLessThan(1e-6);
      expect(result.nativeCalls).toBe(2);
      x.dispose();
    });

    it('should keep NaN through Relu, Step and Neg as the stock kernels do', async () => {
      for (const backend of backends) {
        await tf.setBackend(backend);
        registerNativeKernels();
        const x = tf.tensor1d([Number.NaN, -1, 2]);
        const outputs = [tf.relu(x), tf.step(x, 0.5), tf.neg(x)];
        expect(await Promise.all(outputs.map(async (output) => Array.from(await output.data())))).toEqual([
          [Number.NaN, 0, 2],
          [Number.NaN, 0.5, 1],
          [Number.NaN, 1, -2],
        ]);
        tf.dispose([x, ...outputs]);
      }
      await tf.setBackend('cpu');
    });

    it('Exp should overflow to Infinity and underflow to (nearly) zero like the stock kernel', async () => {
      await tf.setBackend('cpu');
      registerNativeKernels();
      const values = await tf.exp(tf.tensor1d([100, 89, -120])).data();
      expect(values[0]).toBe(Number.POSITIVE_INFINITY);
      expect(values[1]).toBe(Number.POSITIVE_INFINITY);
      expect(values[2]).toBeLessThan(1e-37);
    });

    it.each([
      [[4, 3, 5], [4, 3, 5], 'binaryOperation'],
      [[4, 3, 5], [5], 'binaryOperation'],
      [[2, 1, 3], [1, 4, 1], 'binaryOperation'],
    ] as const)('SquaredDifference should match the stock kernel for a[%j] b[%j] (%s)', async (aShape, bShape, entry) => {
      const a = randomTensor(random, [...aShape]);
      const b = randomTensor(random, [...bShape]);
      const result = await compareToStock('SquaredDifference', { a, b }, {}, entry);
      expect(result.difference).toBeLessThan(1e-6);
      expect(result.nativeCalls).toBe(2);
      tf.dispose([a, b]);
    });

    it.each([
      [[3, 7], -1],
      [[2, 4, 9], 2],
      [[10], -1],
    ] as const)('Softmax should match the stock kernel for logits[%j] along %d', async (shape, dim) => {
      const logits = tf.tidy(() => tf.mul(randomTensor(random, [...shape]), 30));
      const result = await compareToStock('Softmax', { logits }, { dim }, 'softmax');
      expect(result.difference).toBeLessThan(1e-6);
      expect(result.nativeCalls).toBe(2);
      logits.dispose();
    });

    it.each([
      ['rank-1 ids with repeats and ids out of range', [6, 3], [0, 2, 2, 5, -1, 7], 6],
      ['ids over the rows of a rank-3 tensor', [4, 3, 2], [1, 3, 1, 0], 4],
      ['scalar rows', [5], [4, 4, 0, 1, 4], 5],
    ] as const)('UnsortedSegmentSum should match the stock kernel for %s', async (_label, shape, ids, numSegments) => {
      const x = randomTensor(random, [...shape]);
      const segmentIds = tf.tensor1d([...ids], 'int32');
      const result = await compareToStock('UnsortedSegmentSum', { x, segmentIds }, { numSegments }, 'unsortedSegmentSum');
      expect(result.difference).toBeLessThan(1e-6);
      expect(result.nativeCalls).toBe(2);
      tf.dispose([x, segmentIds]);
    });

    it.each([
      [[3, 4, 5], [[1, 2], [0, 0], [2, 1]], 0],
      [[2, 3], [[0, 1], [3, 0]], -1.5],
      [[1, 6, 6, 2], [[0, 0], [3, 3], [3, 3], [0, 0]], 0],
    ])('PadV2 should match the stock kernel for x[%j] padded by %j with %d', async (shape, paddings, constantValue) => {
      const x = randomTensor(random, shape);
      const result = await compareToStock('PadV2', { x }, { paddings, constantValue }, 'pad');
      expect(result.difference).toBe(0);
      expect(result.nativeCalls).toBe(2);
      x.dispose();
    });

    it.each([
      [[5, 6, 7], [1, 2, 3], [3, 4, 2]],
      [[5, 6, 7], [0, 0, 0], [-1, 2, -1]],
      [[9], [4], [5]],
      [[2, 3, 4, 5], [1, 0, 2, 1], [1, 3, 2, 3]],
    ])('Slice should match the stock kernel for x[%j] from %j size %j', async (shape, begin, size) => {
      const x = randomTensor(random, shape);
      const result = await compareToStock('Slice', { x }, { begin, size }, 'slice');
      expect(result.difference).toBe(0);
      expect(result.nativeCalls).toBe(2);
      x.dispose();
    });
  });

  describe('fused LayerNorm, GELU, SiLU and activation and batch-norm gradients (no stock kernel: the references are computed here)', () => {
    const random = createRandom(seed * 29);

    /** LayerNorm over the last axis in double precision. */
    function layerNormReference(values: Float32Array, weight: Float32Array, bias: Float32Array, epsilon: number): Float32Array {
      const channels = weight.length;
      const output = new Float32Array(values.length);
      for (let start = 0; start < values.length; start += channels) {
        const row = Array.from(values.subarray(start, start + channels));
        const mean = row.reduce((sum, value) => sum + value, 0) / channels;
        const variance = row.reduce((sum, value) => sum + (value - mean) ** 2, 0) / channels;
        row.forEach((value, c) => (output[start + c] = ((value - mean) / Math.sqrt(variance + epsilon)) * weight[c]! + bias[c]!));
      }
      return output;
    }

    it.each([
      ['rows of 12', [2, 7, 12], 0, 1, 1e-6],
      ['MViTv2 stage-1 rows of 96, split over threads', [2, 400, 96], 0, 1, 1e-6],
      ['one row of 5', [5], 0, 1, 1e-5],
      ['rows far from zero with a small spread', [3, 4, 33], 1000, 0.01, 1e-6],
    ])('should normalise %s like PyTorch nn.LayerNorm', async (_label, shape, offset, spread, epsilon) => {
      const channels = shape.at(-1)!;
      const x = tf.tidy(() => tf.add(tf.mul(randomTensor(random, shape), spread), offset));
      const weight = tf.tidy(() => tf.add(tf.mul(randomTensor(random, [channels]), 0.3), 1));
      const bias = tf.tidy(() => tf.mul(randomTensor(random, [channels]), 0.3));
      const expected = layerNormReference(x.dataSync() as Float32Array, weight.dataSync() as Float32Array, bias.dataSync() as Float32Array, epsilon);
      const result = await compareToStock(FUSED_KERNEL_NAMES.layerNorm, { x, weight, bias }, { epsilon }, 'layerNorm', () => tf.tensor(expected, shape));
      expect(result.difference).toBeLessThan(2e-6);
      expect(result.nativeCalls).toBe(2);
      tf.dispose([x, weight, bias]);
    });

    it('should reject a weight or bias that is not one value per channel with a typed error', async () => {
      registerNativeKernels();
      const x = tf.ones([2, 4]);
      for (const [weight, bias] of [[tf.ones([3]), tf.zeros([4])], [tf.ones([4]), tf.zeros([2, 2])]] as const) {
        expect(() => tf.engine().runKernel(FUSED_KERNEL_NAMES.layerNorm, { x, weight, bias }, { epsilon: 1e-6 })).toThrow(expect.objectContaining({ name: 'ShapeError', code: 'SHAPE_MISMATCH' }));
        tf.dispose([weight, bias]);
      }
      x.dispose();
    });

    it.each([
      ['rows of 12', [2, 7, 12], 0, 1],
      ['MViTv2 stage-1 rows of 96, split over threads', [2, 400, 96], 0, 1],
      ['rows far from zero with a small spread', [3, 4, 33], 1000, 0.01],
    ])('the LayerNorm gradient kernel should give the input, weight and bias gradients of autodiff in double for %s', async (_label, shape, offset, spread) => {
      const channels = shape.at(-1)!;
      const epsilon = 1e-6;
      const x = tf.tidy(() => tf.add(tf.mul(randomTensor(random, shape), spread), offset));
      const weight = tf.tidy(() => tf.add(tf.mul(randomTensor(random, [channels]), 0.3), 1));
      const dy = randomTensor(random, shape);
      // Reference: the closed form evaluated in double, row by row (dx), and summed over rows (dweight, dbias).
      const [xs, ws, dys] = [x.dataSync(), weight.dataSync(), dy.dataSync()];
      const dx = new Float64Array(xs.length);
      const [dweight, dbias] = [new Float64Array(channels), new Float64Array(channels)];
      for (let start = 0; start < xs.length; start += channels) {
        const row = Array.from(xs.subarray(start, start + channels));
        const mean = row.reduce((sum, value) => sum + value, 0) / channels;
        const inverse = 1 / Math.sqrt(row.reduce((sum, value) => sum + (value - mean) ** 2, 0) / channels + epsilon);
        const normalised = row.map((value) => (value - mean) * inverse);
        const scaled = normalised.map((_, c) => dys[start + c]! * ws[c]!);
        const scaledMean = scaled.reduce((sum, value) => sum + value, 0) / channels;
        const projectedMean = scaled.reduce((sum, value, c) => sum + value * normalised[c]!, 0) / channels;
        normalised.forEach((value, c) => {
          dx[start + c] = (scaled[c]! - scaledMean - value * projectedMean) * inverse;
          dweight[c]! += dys[start + c]! * value;
          dbias[c]! += dys[start + c]!;
        });
      }
      try {
        const calls = await onNativeBackends('layerNormGradient', async () => {
          const outputs = tf.engine().runKernel(FUSED_GRADIENT_KERNEL_NAMES.layerNorm, { dy, x, weight }, { epsilon }) as tf.Tensor[];
          const expected = [tf.tensor(Float32Array.from(dx), shape), tf.tensor1d(Float32Array.from(dweight)), tf.tensor1d(Float32Array.from(dbias))];
          for (const [index, output] of outputs.entries()) expect(await relativeMaxDifference(output, expected[index]!)).toBeLessThan(2e-6);
          tf.dispose([...outputs, ...expected]);
        });
        expect(calls).toBe(2);
      } finally {
        tf.dispose([x, weight, dy]);
      }
    });

    it.each([
      ['a small batch', [2, 3, 4, 5], 0, 1],
      ['a ResNet stage, split over threads', [4, 14, 14, 64], 0, 1],
      ['values far from zero with a small spread', [3, 5, 5, 8], 1000, 0.01],
    ])('the batch-norm statistics kernel should give the mean and biased variance in double for %s', async (_label, shape, offset, spread) => {
      const channels = shape.at(-1)!;
      const x = tf.tidy(() => tf.add(tf.mul(randomTensor(random, shape), spread), offset));
      const values = Array.from(x.dataSync());
      const rows = values.length / channels;
      const mean = Array.from({ length: channels }, (_, c) => values.filter((_, index) => index % channels === c).reduce((sum, value) => sum + value, 0) / rows);
      const variance = mean.map((center, c) => values.filter((_, index) => index % channels === c).reduce((sum, value) => sum + (value - center) ** 2, 0) / rows);
      try {
        const calls = await onNativeBackends('batchNormStatistics', async () => {
          const [gotMean, gotVariance] = tf.engine().runKernel(FUSED_KERNEL_NAMES.batchNormStatistics, { x }) as tf.Tensor[];
          const wantMean = tf.tensor1d(mean);
          expect(await relativeMaxDifference(gotMean!, wantMean)).toBeLessThan(1e-7);
          wantMean.dispose();
          // Relative to the variance itself: the narrow case's variance is 1e-4.
          const varianceValues = gotVariance!.dataSync();
          variance.forEach((want, c) => expect(Math.abs(varianceValues[c]! - want)).toBeLessThan(1e-5 * want));
          tf.dispose([gotMean!, gotVariance!]);
        });
        expect(calls).toBe(2);
      } finally {
        x.dispose();
      }
    });

    it.each([
      ['a small batch', [2, 3, 4, 5]],
      ['a ResNet stage, split over threads', [4, 14, 14, 64]],
    ])('the batch-norm gradient kernel should give dx, dscale and doffset of the closed form in double for %s', async (_label, shape) => {
      const channels = shape.at(-1)!;
      const epsilon = 1e-5;
      const x = tf.tidy(() => tf.add(randomTensor(random, shape), tf.mul(randomTensor(random, [channels]), 3)));
      const dy = randomTensor(random, shape);
      const { mean, variance } = tf.moments(x, [0, 1, 2]);
      const scale = tf.tidy(() => tf.add(tf.mul(randomTensor(random, [channels]), 0.3), 1));
      const [xs, dys, means, variances, scales] = [x, dy, mean, variance, scale].map((tensor) => tensor.dataSync());
      const rows = xs!.length / channels;
      const [dscale, doffset] = [new Float64Array(channels), new Float64Array(channels)];
      const inverse = Float64Array.from(variances!, (value) => 1 / Math.sqrt(value + epsilon));
      for (let index = 0; index < xs!.length; index++) {
        const c = index % channels;
        doffset[c]! += dys![index]!;
        dscale[c]! += dys![index]! * (xs![index]! - means![c]!) * inverse[c]!;
      }
      const dx = Float32Array.from(xs!, (value, index) => {
        const c = index % channels;
        const normalised = (value - means![c]!) * inverse[c]!;
        return scales![c]! * inverse[c]! * (dys![index]! - (doffset[c]! + normalised * dscale[c]!) / rows);
      });
      try {
        const calls = await onNativeBackends('batchNormGradient', async () => {
          const outputs = tf.engine().runKernel(FUSED_KERNEL_NAMES.batchNormGradient, { dy, x, mean, variance, scale }, { epsilon }) as tf.Tensor[];
          const expected = [tf.tensor(dx, shape), tf.tensor1d(Float32Array.from(dscale)), tf.tensor1d(Float32Array.from(doffset))];
          for (const [index, output] of outputs.entries()) expect(await relativeMaxDifference(output, expected[index]!)).toBeLessThan(2e-6);
          tf.dispose([...outputs, ...expected]);
        });
        expect(calls).toBe(2);
        const wrongMean = tf.zeros([channels + 1]);
        expect(() => tf.engine().runKernel(FUSED_KERNEL_NAMES.batchNormGradient, { dy, x, mean: wrongMean, variance, scale }, { epsilon })).toThrow(
          expect.objectContaining({ name: 'ShapeError', code: 'SHAPE_MISMATCH' }),
        );
        wrongMean.dispose();
      } finally {
        tf.dispose([x, dy, mean, variance, scale]);
      }
    });

    it.each([
      ['a matrix with weight decay', [37, 129], 0.05, 1],
      ['a vector without, at step 1000', [4099], 0, 1000],
    ])('the AdamW kernel should give the update of PyTorch\'s formula in double for %s', async (_label, shape, weightDecay, step) => {
      const [variable, gradient, first] = [randomTensor(random, shape), randomTensor(random, shape), tf.tidy(() => tf.mul(randomTensor(random, shape), 0.1))];
      const second = tf.tidy(() => tf.mul(tf.square(randomTensor(random, shape)), 0.01));
      const attributes = { learningRate: 3e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay, biasCorrection1: 1 - 0.9 ** step, biasCorrection2: 1 - 0.999 ** step };
      const [w, g, m, v] = [variable, gradient, first, second].map((tensor) => tensor.dataSync());
      const { learningRate: lr, beta1, beta2, epsilon, biasCorrection1, biasCorrection2 } = attributes;
      const wantFirst = Float64Array.from(m!, (value, index) => beta1 * value + (1 - beta1) * g![index]!);
      const wantSecond = Float64Array.from(v!, (value, index) => beta2 * value + (1 - beta2) * g![index]! ** 2);
      const wantVariable = Float64Array.from(w!, (value, index) => value * (1 - lr * weightDecay) - (lr / biasCorrection1) * wantFirst[index]! / (Math.sqrt(wantSecond[index]!) / Math.sqrt(biasCorrection2) + epsilon));
      try {
        const calls = await onNativeBackends('adamW', async () => {
          const outputs = tf.engine().runKernel(FUSED_KERNEL_NAMES.adamW, { variable, gradient, first, second }, attributes) as tf.Tensor[];
          const expected = [wantVariable, wantFirst, wantSecond].map((values) => tf.tensor(Float32Array.from(values), shape));
          for (const [index, output] of outputs.entries()) expect(await relativeMaxDifference(output, expected[index]!)).toBeLessThan(2e-6);
          // The step itself (variable' − variable, about 3e-3 per element) to 1e-3 of its size.
          const change = tf.tidy(() => tf.sub(outputs[0]!, variable).dataSync());
          change.forEach((value, index) => expect(Math.abs(value - (wantVariable[index]! - w![index]!))).toBeLessThan(1e-3 * 3e-3 + 1e-7));
          tf.dispose([...outputs, ...expected]);
        });
        expect(calls).toBe(2);
        const wrongSecond = tf.zeros([shape[0]! + 1]);
        expect(() => tf.engine().runKernel(FUSED_KERNEL_NAMES.adamW, { variable, gradient, first, second: wrongSecond }, attributes)).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH', message: expect.stringContaining('second') }));
        expect(() => tf.engine().runKernel(FUSED_KERNEL_NAMES.adamW, { variable, gradient, first, second }, { ...attributes, biasCorrection1: 0 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('bias corrections') }));
        expect(() => tf.engine().runKernel(FUSED_KERNEL_NAMES.adamW, { variable, gradient, first, second }, { ...attributes, learningRate: Number.NaN })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('learningRate') }));
        wrongSecond.dispose();
      } finally {
        tf.dispose([variable, gradient, first, second]);
      }
    });

    it("the running-statistics kernel should give the composite ops' update bit for bit", async () => {
      const channels = 37;
      const [runningMean, runningVariance, mean] = [randomTensor(random, [channels]), tf.tidy(() => tf.abs(randomTensor(random, [channels]))), randomTensor(random, [channels])];
      const variance = tf.tidy(() => tf.abs(randomTensor(random, [channels])));
      for (const [momentum, count] of [[0.1, 8 * 56 * 56], [0.01, 1], [0.3, 2]] as const) {
        const expected = tf.tidy(() => [
          tf.add(tf.mul(runningMean, 1 - momentum), tf.mul(mean, momentum)).dataSync(),
          tf.add(tf.mul(runningVariance, 1 - momentum), tf.mul(variance, count > 1 ? (momentum * count) / (count - 1) : momentum)).dataSync(),
        ]);
        await onNativeBackends(undefined, () => {
          const outputs = tf.engine().runKernel(FUSED_KERNEL_NAMES.runningStatistics, { runningMean, runningVariance, mean, variance }, { momentum, count }) as tf.Tensor[];
          expect(outputs.map((output) => Array.from(output.dataSync()))).toEqual(expected.map((values) => Array.from(values)));
          tf.dispose(outputs);
        });
      }
      expect(() => tf.engine().runKernel(FUSED_KERNEL_NAMES.runningStatistics, { runningMean, runningVariance, mean, variance }, { momentum: 1.5, count: 4 })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('momentum') }));
      tf.dispose([runningMean, runningVariance, mean, variance]);
    });

    it('should train through the fused kernels with the gradients of the composite ops', async () => {
      const shape = [4, 9, 24];
      const x = randomTensor(random, shape);
      const weight = tf.tidy(() => tf.add(tf.mul(randomTensor(random, [24]), 0.3), 1));
      const bias = tf.tidy(() => tf.mul(randomTensor(random, [24]), 0.3));
      const upstream = randomTensor(random, shape);
      const objective = (normalise: (a: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor, activate: (a: tf.Tensor) => tf.Tensor) => (a: tf.Tensor, w: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(activate(normalise(a, w, b)), upstream));
      const composite = objective(
        (a, w, b) => {
          const { mean, variance } = tf.moments(a, -1, true);
          return tf.add(tf.mul(tf.div(tf.sub(a, mean), tf.sqrt(tf.add(variance, 1e-6))), w), b);
        },
        (a) => tf.mul(tf.mul(a, 0.5), tf.add(tf.erf(tf.mul(a, Math.SQRT1_2)), 1)),
      );
      const fused = objective(
        (a, w, b) => tf.engine().runKernel(FUSED_KERNEL_NAMES.layerNorm, { x: a, weight: w, bias: b }, { epsilon: 1e-6 }) as tf.Tensor,
        (a) => tf.engine().runKernel(FUSED_KERNEL_NAMES.gelu, { x: a }) as tf.Tensor,
      );
      unregisterNativeKernels();
      const expected = tf.grads(composite)([x, weight, bias]);
      try {
        await onNativeBackends(undefined, async () => {
          const actual = tf.grads(fused)([x, weight, bias]);
          for (const [index, gradient] of actual.entries()) expect(await relativeMaxDifference(gradient, expected[index]!)).toBeLessThan(1e-5);
          tf.dispose(actual);
        });
      } finally {
        tf.dispose([x, weight, bias, upstream, ...expected]);
      }
      // Without the native kernels their gradients go too.
      unregisterNativeKernels();
      expect([tf.getGradient(FUSED_KERNEL_NAMES.layerNorm), tf.getGradient(FUSED_KERNEL_NAMES.gelu)]).toEqual([undefined, undefined]);
    });

    it('GELU should match x * (1 + erf(x / sqrt 2)) / 2 of the stock kernels, tails included', async () => {
      const x = tf.tidy(() => tf.concat([tf.mul(randomTensor(random, [3000]), 3), tf.tensor1d([0, -0, 1e-7, -1e-7, 6, -6, 30, -30, 1e4, -1e4])]));
      const reference = () => tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1)));
      const result = await compareToStock(FUSED_KERNEL_NAMES.gelu, { x }, {}, 'unaryOperation', reference);
      expect(result.difference).toBeLessThan(1e-6);
      expect(result.nativeCalls).toBe(2);
      x.dispose();
    });

    it('SiLU and its gradient kernel should match x * sigmoid(x) and dy * s * (1 + x (1 - s)) of the stock kernels', async () => {
      const x = tf.tidy(() => tf.concat([tf.mul(randomTensor(random, [3000]), 4), tf.tensor1d([0, -0, 1e-7, 30, -30, 100, -100, 1e4, -1e4])]));
      const dy = randomTensor(random, x.shape);
      const forward = await compareToStock(FUSED_KERNEL_NAMES.silu, { x }, {}, 'unaryOperation', () => tf.tidy(() => tf.mul(x, tf.sigmoid(x))));
      expect(forward.difference).toBeLessThan(1e-6);
      expect(forward.nativeCalls).toBe(2);
      const reference = () => tf.tidy(() => tf.mul(dy, tf.mul(tf.sigmoid(x), tf.add(1, tf.mul(x, tf.sub(1, tf.sigmoid(x)))))));
      const backward = await compareToStock(FUSED_GRADIENT_KERNEL_NAMES.silu, { dy, x }, {}, 'binaryOperation', reference);
      expect(backward.difference).toBeLessThan(1e-6);
      expect(backward.nativeCalls).toBe(2);
      tf.dispose([x, dy]);
    });

    it("the ReLU gradient kernel should give tfjs's dy * step(y) exactly, NaN, infinities and signed zeros included", async () => {
      const y = tf.tidy(() => tf.relu(tf.concat([randomTensor(random, [500]), tf.tensor1d([Number.NaN, 0, -0, 2, 0, 3, Number.POSITIVE_INFINITY])])));
      const dy = tf.tidy(() => tf.concat([randomTensor(random, [500]), tf.tensor1d([1, -2, 5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1])]));
      try {
        await onNativeBackends(undefined, () => {
          const actual = tf.engine().runKernel(FUSED_KERNEL_NAMES.reluGradient, { dy, y }) as tf.Tensor;
          const expected = tf.tidy(() => tf.mul(dy, tf.step(y)));
          // Object.is per value: NaN equals NaN, 0 and -0 differ.
          const [got, want] = [Array.from(actual.dataSync()), Array.from(expected.dataSync())];
          expect(got.every((value, index) => Object.is(value, want[index]))).toBe(true);
          tf.dispose([actual, expected]);
        });
        const wrong = tf.zeros([3]);
        expect(() => tf.engine().runKernel(FUSED_KERNEL_NAMES.reluGradient, { dy, y: wrong })).toThrow(expect.objectContaining({ name: 'ShapeError' }));
        wrong.dispose();
      } finally {
        tf.dispose([y, dy]);
      }
    });

    it('the add-and-ReLU kernel should give relu(a + b) of float32 sums exactly, NaN kept', async () => {
      const a = tf.tidy(() => tf.concat([randomTensor(random, [700]), tf.tensor1d([Number.NaN, 1, -1, Number.POSITIVE_INFINITY])]));
      const b = tf.tidy(() => tf.concat([randomTensor(random, [700]), tf.tensor1d([1, -1, 0.5, Number.NEGATIVE_INFINITY])]));
      const [aValues, bValues] = [a.dataSync(), b.dataSync()];
      const expected = Array.from(aValues, (value, index) => {
        const sum = Math.fround(value + bValues[index]!);
        return sum < 0 ? 0 : sum;
      });
      try {
        const calls = await onNativeBackends('binaryOperation', () => {
          const actual = tf.engine().runKernel(FUSED_KERNEL_NAMES.addRelu, { a, b }) as tf.Tensor;
          const got = Array.from(actual.dataSync());
          expect(got.every((value, index) => Object.is(value, expected[index]))).toBe(true);
          actual.dispose();
        });
        expect(calls).toBe(2);
        const wrong = tf.zeros([3]);
        expect(() => tf.engine().runKernel(FUSED_KERNEL_NAMES.addRelu, { a, b: wrong })).toThrow(expect.objectContaining({ name: 'ShapeError', message: expect.stringContaining('must have the shape of a') }));
        wrong.dispose();
      } finally {
        tf.dispose([a, b]);
      }
    });

    it("the GELU gradient kernel should give dy * (Φ(x) + x φ(x)), tails included", async () => {
      const x = tf.tidy(() => tf.concat([tf.mul(randomTensor(random, [3000]), 3), tf.tensor1d([0, -0, 1e-7, -1e-7, 6, -6, 30, -30, 1e4, -1e4])]));
      const dy = randomTensor(random, x.shape);
      const [xs, dys] = [x.dataSync(), dy.dataSync()];
      // Φ from the error function of the stock kernel (its formula is the addon's), φ in double.
      const cumulative = tf.tidy(() => tf.mul(tf.add(tf.erf(tf.mul(x, Math.SQRT1_2)), 1), 0.5).dataSync());
      const expected = Float32Array.from(xs, (value, index) => dys[index]! * (cumulative[index]! + (value * Math.exp(-0.5 * value * value)) / Math.sqrt(2 * Math.PI)));
      const result = await compareToStock(FUSED_GRADIENT_KERNEL_NAMES.gelu, { dy, x }, {}, 'binaryOperation', () => tf.tensor1d(expected));
      expect(result.difference).toBeLessThan(1e-6);
      expect(result.nativeCalls).toBe(2);
      tf.dispose([x, dy]);
    });
  });

  describe('training through the native kernels', () => {
    it('should give the same gradients as the stock kernels for a small convolutional network', async () => {
      const random = createRandom(seed + 99);
      const x = randomTensor(random, [3, 12, 12, 2]) as tf.Tensor4D;
      const weights = [randomTensor(random, [3, 3, 2, 4]), randomTensor(random, [3, 3, 4, 1]), randomTensor(random, [4 * 6 * 6, 3])];
      const loss = (input: tf.Tensor4D, first: tf.Tensor, depthwise: tf.Tensor, dense: tf.Tensor) => {
        const features = tf.depthwiseConv2d(tf.relu(tf.conv2d(input, first as tf.Tensor4D, 1, 'same')), depthwise as tf.Tensor4D, 2, 'same');
        return tf.sum(tf.square(tf.matMul(tf.reshape(features, [3, -1]), dense as tf.Tensor2D)));
      };
      const gradients = async () => {
        const result = tf.grads((input: tf.Tensor, first: tf.Tensor, depthwise: tf.Tensor, dense: tf.Tensor) => loss(input as tf.Tensor4D, first, depthwise, dense))([x, ...weights]);
        const flat = tf.tidy(() => tf.concat(result.map((gradient) => tf.reshape(gradient, [-1]))));
        tf.dispose(result);
        return flat;
      };
      unregisterNativeKernels();
      registerTrainingKernels();
      await tf.setBackend('wasm');
      const expected = await gradients();
      registerNativeKernels();
      const before = tf.memory().numTensors;
      const actual = await gradients();
      expect(await relativeMaxDifference(actual, expected)).toBeLessThan(tolerance);
      tf.dispose([actual, expected]);
      expect(tf.memory().numTensors).toBe(before - 1);
      tf.dispose([x, ...weights]);
      await tf.setBackend('cpu');
    });
  });

  describe('reordered filter cache', () => {
    it('should reuse a filter reordered on its second use, and recompute for a new filter or another batch size', async () => {
      await tf.setBackend('wasm');
      registerNativeKernels();
      const random = createRandom(seed + 23);
      const filter = randomTensor(random, [3, 3, 16, 32]) as tf.Tensor4D;
      const other = randomTensor(random, [3, 3, 16, 32]) as tf.Tensor4D;
      const inputs = [randomTensor(random, [1, 9, 9, 16]), randomTensor(random, [4, 9, 9, 16])] as tf.Tensor4D[];
      const spy = vi.spyOn(addon, 'createFilterCache');
      try {
        // Reference values from the stock-kernel path of the same backend.
        unregisterNativeKernels();
        const expected = [filter, other].flatMap((weights) => inputs.map((input) => tf.conv2d(input, weights, 1, 'same')));
        registerNativeKernels();
        const before = tf.memory().numTensors;
        for (let round = 0; round < 3; round++) {
          let index = 0;
          for (const weights of [filter, other]) {
            for (const input of inputs) {
              const actual = tf.conv2d(input, weights, 1, 'same');
              expect(await relativeMaxDifference(actual, expected[index++]!)).toBeLessThan(tolerance);
              actual.dispose();
            }
          }
        }
        // One cache per filter, made on its second use; batch 1 and batch 4 share it, refilled when the layout differs.
        expect(spy).toHaveBeenCalledTimes(2);
        expect(tf.memory().numTensors).toBe(before);
        tf.dispose(expected);
      } finally {
        spy.mockRestore();
        tf.dispose([filter, other, ...inputs]);
        await tf.setBackend('cpu');
      }
    });

    it('should reject a filter cache that is not one', () => {
      const geometry = [1, 2, 2, 1, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0];
      expect(() => addon.convolutionForward(geometry, new Float32Array(4), new Float32Array(1), null, 0, 0, new Float32Array(4), {} as never)).toThrow(/filterCache must come from createFilterCache/);
    });
  });

  describe('registration', () => {
    it('should replace every listed kernel once, sit in front of the training kernels and restore what it replaced', () => {
      unregisterNativeKernels();
      unregisterTrainingKernels();
      const stock = NATIVE_KERNELS.map((kernel) => tf.getKernel(kernel, 'wasm')?.kernelFunc);
      registerNativeKernels({ backends: ['wasm'] });
      const native = NATIVE_KERNELS.map((kernel) => tf.getKernel(kernel, 'wasm')?.kernelFunc);
      registerNativeKernels({ backends: ['wasm'] });
      registerTrainingKernels();
      expect(NATIVE_KERNELS.map((kernel) => tf.getKernel(kernel, 'wasm')?.kernelFunc)).toEqual(native);
      native.forEach((kernelFunc, index) => expect(kernelFunc).not.toBe(stock[index]));
      unregisterNativeKernels();
      unregisterTrainingKernels();
      expect(NATIVE_KERNELS.map((kernel) => tf.getKernel(kernel, 'wasm')?.kernelFunc)).toEqual(stock);
    });

    it('should report the library and set its thread count', () => {
      expect(availability.available && availability.info.library).toMatch(/^oneDNN \d+\.\d+\.\d+$/);
      const original = addon.threads();
      setNativeThreads(1);
      expect(addon.threads()).toBe(1);
      setNativeThreads(original);
      expect(() => setNativeThreads(0)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
      expect(() => setNativeThreads(1.5)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    });
  });

  describe('addon argument checks', () => {
    // geometry: batch 1, 5x5x2 in, 5x5x3 out, 3x3 filter, same padding.
    const geometry = [1, 5, 5, 2, 5, 5, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1];
    const input = new Float32Array(50);
    const filter = new Float32Array(54);

    it('should reject buffers shorter than the geometry needs without writing anything', () => {
      const output = new Float32Array(74).fill(7);
      expect(() => addon.convolutionForward(geometry, input, filter, null, 0, 0, output, null)).toThrow(expect.objectContaining({ code: 'SPINEDX_NATIVE_ARGUMENT', message: expect.stringMatching(/output holds 74 values, needs 75/) }));
      expect(output.every((value) => value === 7)).toBe(true);
      expect(() => addon.convolutionBackwardFilter(geometry, input.subarray(1), new Float32Array(75), new Float32Array(54))).toThrow(expect.objectContaining({ code: 'SPINEDX_NATIVE_ARGUMENT' }));
      expect(() => addon.matrixProduct([1, 1, 2, 3, 4, 0, 0], new Float32Array(6), new Float32Array(11), null, 0, 0, new Float32Array(8))).toThrow(/b holds 11 values, needs 12/);
      expect(() => addon.reduceSum([2, 3, 4], new Float32Array(24), 1, new Float32Array(7))).toThrow(/output holds 7 values, needs 8/);
      expect(() => addon.batchNormalize(3, new Float32Array(12), new Float32Array(2), new Float32Array(3), null, null, 1e-3, new Float32Array(12))).toThrow(/holds 2 values, needs 3/);
      expect(() => addon.batchNormalize(5, new Float32Array(12), new Float32Array(5), new Float32Array(5), null, null, 1e-3, new Float32Array(12))).toThrow(/multiple of channels/);
      expect(() => addon.maxPoolGradient([1, 4, 4, 2, 2, 2, 2, 2, 2, 2, 0, 0], new Float32Array(32), new Float32Array(7), new Float32Array(32))).toThrow(/outputGradient holds 7 values, needs 8/);
      expect(() => addon.transpose([2, 3], [0, 0], new Float32Array(6), new Float32Array(6))).toThrow(/permutation must order every axis once/);
      expect(() => addon.transpose([2, 3], [1, 0], new Float32Array(6), new Float32Array(5))).toThrow(/output holds 5 values, needs 6/);
      expect(() => addon.unstack([1, 3, 2], new Float32Array(6), [new Float32Array(2), new Float32Array(2)])).toThrow(/array of 3 Float32Arrays/);
      expect(() => addon.unstack([1, 2, 2], new Float32Array(4), [new Float32Array(2), new Float32Array(1)])).toThrow(/outputs\[k\] holds 1 values, needs 2/);
      expect(() => addon.gather([1, 3, 2], new Float32Array(6), Int32Array.from([0, 3]), new Float32Array(4))).toThrow(/index 3 is outside \[0, 3\)/);
      expect(() => addon.gather([1, 3, 2], new Float32Array(6), new Float32Array(2) as unknown as Int32Array, new Float32Array(4))).toThrow(/indices must be an Int32Array/);
      expect(() => addon.binaryOperation(0, [2, 3], [3, 1], [0, 1], new Float32Array(5), new Float32Array(3), new Float32Array(6))).toThrow(/a holds 5 values, needs 6/);
      expect(() => addon.binaryOperation(0, [2, 3], [3, 2], [0, 1], new Float32Array(9), new Float32Array(3), new Float32Array(6))).toThrow(/last axis must be 0 or 1/);
      expect(() => addon.slice([4, 4], [2, 1], [3, 2], new Float32Array(16), new Float32Array(6))).toThrow(/slice box must lie inside the shape/);
      expect(() => addon.softmax(3, new Float32Array(10), new Float32Array(10))).toThrow(/multiple of rows/);
      expect(() => addon.unaryOperation(9, new Float32Array(2), 0, new Float32Array(2))).toThrow(/unknown unary operation code 9/);
      const [four, five] = [new Float32Array(4), new Float32Array(5)];
      expect(() => addon.adamW(five, five, five, four, new Float32Array(9), five, five, five)).toThrow(/second holds 4 values, needs 5/);
      expect(() => addon.adamW(four, four, four, four, new Float32Array(8), four, four, four)).toThrow(/settings holds 8 values, needs 9/);
    });

    it('should reject inconsistent geometry, wrong array types and unknown activations', () => {
      const output = new Float32Array(75);
      const wrongOutputSize = [...geometry];
      wrongOutputSize[4] = 6;
      expect(() => addon.convolutionForward(wrongOutputSize, input, filter, null, 0, 0, new Float32Array(90), null)).toThrow(/output size does not match/);
      expect(() => addon.convolutionForward(geometry.slice(1), input, filter, null, 0, 0, output, null)).toThrow(/18 entries/);
      expect(() => addon.convolutionForward(geometry, new Float64Array(50) as unknown as Float32Array, filter, null, 0, 0, output, null)).toThrow(/input must be a Float32Array/);
      expect(() => addon.convolutionForward(geometry, input, filter, null, 42, 0, output, null)).toThrow(/unknown activation code 42/);
      const zeroStride = [...geometry];
      zeroStride[10] = 0;
      expect(() => addon.convolutionForward(zeroStride, input, filter, null, 0, 0, output, null)).toThrow(/must be positive/);
      expect(() => addon.matrixProduct([2, 3, 2, 3, 4, 0, 0], new Float32Array(12), new Float32Array(36), null, 0, 0, new Float32Array(24))).toThrow(/equal or one of them 1/);
    });

    it('should compute a convolution it is called with directly', () => {
      // A 1x1 convolution is a matrix product: output[p, o] = Σ_i input[p, i] · filter[i, o] + bias[o].
      const pixels = Float32Array.from({ length: 8 }, (_, index) => index - 3); // 2x2 pixels, 2 channels
      const weights = Float32Array.from([1, -1, 0.5, 2, 0, 3]); // [1, 1, 2, 3]
      const bias = Float32Array.from([0.25, 0, -1]);
      const output = new Float32Array(12);
      addon.convolutionForward([1, 2, 2, 2, 2, 2, 3, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0], pixels, weights, bias, 1, 0, output, null);
      const expected = [0, 1, 2, 3].flatMap((pixel) => [0, 1, 2].map((out) => Math.max(0, pixels[pixel * 2]! * weights[out]! + pixels[pixel * 2 + 1]! * weights[3 + out]! + bias[out]!)));
      expect(Array.from(output)).toEqual(expected.map((value) => expect.closeTo(value, 5)));
    });
  });
});
