import { fileURLToPath } from 'node:url';
import { createRandom, FUSED_KERNEL_NAMES, type Random } from '@spinedx/core';
import { hasTool } from '@spinedx/test-utils';
import * as tf from '@tensorflow/tfjs';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomConvCase } from '../training-kernels/random-conv-cases.test-helper';
import { FUSED_GRADIENT_KERNEL_NAMES } from '../fused-kernel-gradients';
import type { FilterGradientCase, FilterGradientResult, PageTensor } from './browser-harness.test-helper';

// WebGPU has no adapter in Node on CPU machines; headless Chromium with --enable-unsafe-webgpu gives a SwiftShader
// one where tfjs's webgpu backend runs, so the WGSL kernels are checked there against the stock webgpu kernel and
// against the cpu backend computed here in Node.
const hasChromium = hasTool('chromium');
const ORIGIN = 'http://127.0.0.1:4199';

type Harness = typeof import('./browser-harness.test-helper');

let browser: Browser | undefined;
let page: Page;

async function bundleHarness(): Promise<string> {
  const core = fileURLToPath(new URL('../../../core/src/index.ts', import.meta.url));
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./browser-harness.test-helper.ts', import.meta.url))],
    bundle: true,
    write: false,
    format: 'iife',
    globalName: 'spinedxHarness',
    platform: 'browser',
    // tfjs-backend-webgpu registers itself on import; keep that despite its sideEffects annotation.
    ignoreAnnotations: true,
    alias: { '@spinedx/core': core },
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

type HarnessFunction = { [Name in keyof Harness]: Harness[Name] extends (...args: never[]) => unknown ? Name : never }[keyof Harness];

function call<Name extends HarnessFunction>(name: Name, argument?: Parameters<Harness[Name]>[0]): Promise<Awaited<ReturnType<Harness[Name]>>> {
  return page.evaluate(
    ([method, value]) => (window as unknown as { spinedxHarness: Record<string, (input: unknown) => Promise<unknown>> }).spinedxHarness[method]!(value),
    [name, argument] as const,
  ) as Promise<Awaited<ReturnType<Harness[Name]>>>;
}

beforeAll(async () => {
  if (!hasChromium) return;
  const script = await bundleHarness();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--enable-unsafe-webgpu'],
  });
  page = await browser.newPage();
  // Served from a loopback origin (a secure context, which WebGPU requires) without a server.
  await page.route(`${ORIGIN}/**`, (route) =>
    route.request().url().endsWith('.js')
      ? route.fulfill({ contentType: 'text/javascript', body: script })
      : route.fulfill({ contentType: 'text/html', body: '<!doctype html><link rel="icon" href="data:,"><script src="harness.js"></script>' }),
  );
  await page.goto(`${ORIGIN}/index.html`);
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

function randomValues(random: Random, count: number): number[] {
  return Array.from({ length: count }, () => Math.fround(random.normal()));
}

/** A case with data, its dy shape derived from the forward convolution's geometry. */
function withData(random: Random, geometry: Omit<FilterGradientCase, 'x' | 'dy' | 'dyShape'>): FilterGradientCase {
  const format = geometry.dataFormat === 'NCHW' ? 'channelsFirst' : 'channelsLast';
  const info = tf.backend_util.computeConv2DInfo(geometry.xShape, geometry.filterShape, geometry.strides, 1, geometry.pad, geometry.dimRoundingMode, false, format);
  const dyShape: FilterGradientCase['dyShape'] = format === 'channelsFirst' ? [info.batchSize, info.outChannels, info.outHeight, info.outWidth] : [info.batchSize, info.outHeight, info.outWidth, info.outChannels];
  const size = (shape: number[]) => shape.reduce((product, extent) => product * extent, 1);
  return { ...geometry, dyShape, x: randomValues(random, size(geometry.xShape)), dy: randomValues(random, size(dyShape)) };
}

/** The cpu backend's filter gradient, the reference. */
function cpuFilterGradient(testCase: FilterGradientCase): Float32Array {
  return tf.tidy(() => {
    const x = tf.tensor4d(testCase.x, testCase.xShape);
    const dy = tf.tensor4d(testCase.dy, testCase.dyShape);
    const attrs = { strides: testCase.strides, pad: testCase.pad, dataFormat: testCase.dataFormat, dimRoundingMode: testCase.dimRoundingMode, filterShape: testCase.filterShape };
    return (tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor).dataSync() as Float32Array;
  });
}

/** Largest |actual − expected| over the largest |expected| (at least 1). */
function relativeMaxDifference(actual: number[], expected: Float32Array): number {
  if (actual.length !== expected.length) return Number.POSITIVE_INFINITY;
  let difference = 0;
  let scale = 1;
  expected.forEach((value, index) => {
    difference = Math.max(difference, Math.abs(actual[index]! - value));
    scale = Math.max(scale, Math.abs(value));
  });
  return difference / scale;
}

/** Random geometries from the wasm/cpu kernel tests, plus shapes that cross the 64×64 tile and split the reduction. */
function drawCases(seed: number): FilterGradientCase[] {
  const random = createRandom(seed);
  const cases: FilterGradientCase[] = [];
  for (let index = 0; index < 6; index++) {
    const geometry = randomConvCase(random, { depthwise: false, channelsFirst: true });
    cases.push(withData(random, { xShape: geometry.inputShape, filterShape: geometry.filterShape, strides: geometry.strides, pad: geometry.pad, dataFormat: geometry.dataFormat }));
  }
  // Two row tiles (3·3·9 = 81 rows) and two column tiles (70 channels), odd sizes, stride 2.
  cases.push(withData(random, { xShape: [2, 11, 9, 9], filterShape: [3, 3, 9, 70], strides: [2, 2], pad: 'same', dataFormat: 'NHWC' }));
  // A long reduction (3·37·33 = 3663 positions): split-K with partial sums; rectangular filter, explicit padding.
  cases.push(withData(random, { xShape: [3, 37, 35, 5], filterShape: [3, 2, 5, 7], strides: [1, 1], pad: [[0, 0], [1, 1], [0, 1], [0, 0]], dataFormat: 'NHWC' }));
  // Numeric padding with a rounding mode, stride 3.
  cases.push(withData(random, { xShape: [1, 14, 13, 4], filterShape: [5, 5, 4, 3], strides: [3, 3], pad: 1, dimRoundingMode: 'ceil', dataFormat: 'NHWC' }));
  return cases;
}

describe('registerWebGpuKernels', () => {
  const seed = Number(process.env.SPINEDX_TEST_SEED ?? Date.now() % 100_000);

  it.runIf(hasChromium)('should start the webgpu backend in headless Chromium', async () => {
    expect(await call('start')).toBe('webgpu');
  });

  it.runIf(hasChromium)(`should match the cpu backend and the stock webgpu Conv2DBackpropFilter on random shapes (seed ${seed})`, async () => {
    for (const testCase of drawCases(seed)) {
      const label = `x[${testCase.xShape.join(',')}] w[${testCase.filterShape.join(',')}] s${testCase.strides.join(',')} pad ${JSON.stringify(testCase.pad)} ${testCase.dataFormat}`;
      const expected = cpuFilterGradient(testCase);
      const result: FilterGradientResult = await call('runCase', testCase);
      expect({ label, stock: relativeMaxDifference(result.stock, expected) < 1e-5 }).toEqual({ label, stock: true });
      expect({ label, ours: relativeMaxDifference(result.ours, expected) < 1e-5 }).toEqual({ label, ours: true });
      expect({ label, registered: result.registered, leakedTensors: result.leakedTensors }).toEqual({ label, registered: [['Conv2DBackpropFilter', ...WEBGPU_FUSED_KERNEL_NAMES], []], leakedTensors: 0 });
    }
  });

  it.runIf(hasChromium)(`should run Conv2DBackpropInput with tfjs's tiled program when asked, matching the cpu backend on random shapes (seed ${seed})`, async () => {
    const random = createRandom(seed + 2);
    const geometries = Array.from({ length: 8 }, () => randomConvCase(random, { depthwise: false }));
    for (const geometry of geometries) {
      const info = tf.backend_util.computeConv2DInfo(geometry.inputShape, geometry.filterShape, geometry.strides, 1, geometry.pad, undefined, false, 'channelsLast');
      const dyShape: [number, number, number, number] = [info.batchSize, info.outHeight, info.outWidth, info.outChannels];
      const testCase = { xShape: geometry.inputShape, filterShape: geometry.filterShape, dyShape, strides: geometry.strides, pad: geometry.pad, dy: randomValues(random, dyShape.reduce((a, b) => a * b, 1)), filter: randomValues(random, geometry.filterShape.reduce((a, b) => a * b, 1)) };
      const expected = tf.tidy(() => {
        const attrs = { inputShape: testCase.xShape, strides: testCase.strides, pad: testCase.pad, dataFormat: 'NHWC' };
        return (tf.engine().runKernel('Conv2DBackpropInput', { dy: tf.tensor4d(testCase.dy, dyShape), filter: tf.tensor4d(testCase.filter, testCase.filterShape) }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor).dataSync() as Float32Array;
      });
      const result = await call('inputGradient', testCase);
      expect({ label: geometry.label, stock: relativeMaxDifference(result.stock, expected) < 1e-5, ours: relativeMaxDifference(result.ours, expected) < 1e-5, programs: result.programs }).toEqual({
        label: geometry.label,
        stock: true,
        ours: true,
        programs: [['Conv2DDerInputProgram'], ['Conv2DDerInputMMProgram']],
      });
    }
  });

  it.runIf(hasChromium)('should give the filter gradient of tf.conv2d through tf.grad', async () => {
    const random = createRandom(seed + 1);
    const testCase = withData(random, { xShape: [2, 9, 10, 3], filterShape: [3, 3, 3, 4], strides: [2, 1], pad: 'same', dataFormat: 'NHWC' });
    const gradient = await call('gradientThroughConv', testCase);
    expect(relativeMaxDifference(gradient, cpuFilterGradient(testCase))).toBeLessThan(1e-5);
  });

  it('should refuse to register before the webgpu backend is loaded', async () => {
    const { registerWebGpuKernels } = await import('./register-webgpu-kernels');
    expect(() => registerWebGpuKernels()).toThrow(expect.objectContaining({ code: 'BACKEND_UNAVAILABLE', message: expect.stringContaining('registerWebGpuKernels') }));
  });
});

/** Float32 values of `count` normal draws around `mean` with spread `spread`. */
function drawTensor(random: Random, shape: number[], mean = 0, spread = 1): PageTensor {
  const count = shape.reduce((product, extent) => product * extent, 1);
  return { shape, values: Array.from({ length: count }, () => Math.fround(mean + spread * random.normal())) };
}

/** Per-channel mean and biased variance of NHWC values, in double. */
function channelStatistics(x: PageTensor): { mean: number[]; variance: number[] } {
  const channels = x.shape.at(-1)!;
  const rows = x.values.length / channels;
  const mean = new Array<number>(channels).fill(0);
  const variance = new Array<number>(channels).fill(0);
  x.values.forEach((value, index) => (mean[index % channels]! += value / rows));
  x.values.forEach((value, index) => (variance[index % channels]! += (value - mean[index % channels]!) ** 2 / rows));
  return { mean, variance };
}

/** A training batch norm's backward pass (the contract of FUSED_KERNEL_NAMES.batchNormGradient), in double. */
function batchNormGradientReference(dy: PageTensor, x: PageTensor, mean: number[], variance: number[], scale: number[], epsilon: number): number[][] {
  const channels = x.shape.at(-1)!;
  const rows = x.values.length / channels;
  const inverse = variance.map((value) => 1 / Math.sqrt(value + epsilon));
  const normalised = x.values.map((value, index) => (value - mean[index % channels]!) * inverse[index % channels]!);
  const offsetGradient = new Array<number>(channels).fill(0);
  const scaleGradient = new Array<number>(channels).fill(0);
  dy.values.forEach((value, index) => {
    offsetGradient[index % channels]! += value;
    scaleGradient[index % channels]! += value * normalised[index]!;
  });
  const inputGradient = dy.values.map((value, index) => {
    const channel = index % channels;
    return scale[channel]! * inverse[channel]! * (value - (offsetGradient[channel]! + normalised[index]! * scaleGradient[channel]!) / rows);
  });
  return [inputGradient, scaleGradient, offsetGradient];
}

/** The fused kernels registerWebGpuKernels adds, in its order. */
const WEBGPU_FUSED_KERNEL_NAMES: string[] = [
  FUSED_KERNEL_NAMES.batchNormStatistics,
  FUSED_KERNEL_NAMES.batchNormGradient,
  FUSED_KERNEL_NAMES.reluGradient,
  FUSED_KERNEL_NAMES.addRelu,
  FUSED_KERNEL_NAMES.runningStatistics,
  FUSED_KERNEL_NAMES.adamW,
  FUSED_KERNEL_NAMES.layerNorm,
  FUSED_GRADIENT_KERNEL_NAMES.layerNorm,
  FUSED_KERNEL_NAMES.gelu,
  FUSED_GRADIENT_KERNEL_NAMES.gelu,
  FUSED_KERNEL_NAMES.silu,
  FUSED_GRADIENT_KERNEL_NAMES.silu,
];

/** Largest |actual − expected|, and whether it is within `tolerance` of the largest |expected| (at least 1). */
function withinTolerance(actual: number[], expected: number[], tolerance: number): boolean {
  let difference = actual.length === expected.length ? 0 : Number.POSITIVE_INFINITY;
  let scale = 1;
  expected.forEach((value, index) => {
    difference = Math.max(difference, Math.abs(actual[index]! - value));
    scale = Math.max(scale, Math.abs(value));
  });
  return difference <= tolerance * scale;
}

function relativeDifference(actual: number[], expected: number[]): number {
  return relativeMaxDifference(actual, Float32Array.from(expected));
}

describe('fused kernels on webgpu (WEBGPU_FUSED_KERNELS)', () => {
  const seed = Number(process.env.SPINEDX_TEST_SEED ?? Date.now() % 100_000) + 7;

  it.runIf(hasChromium)(`should compute batch statistics over every axis but the last on random shapes (seed ${seed})`, async () => {
    await call('start');
    const random = createRandom(seed);
    const shapes = [
      // Several workgroups of rows (3·29·31 = 2,697 rows over chunks of 1,024) and a partial workgroup of channels.
      [3, 29, 31, 70],
      // Fewer rows than row lanes, one channel.
      [1, 1, 3, 1],
      // Random NHWC shapes.
      ...Array.from({ length: 3 }, () => [random.integer(1, 4), random.integer(1, 17), random.integer(1, 17), random.integer(1, 130)]),
    ];
    for (const shape of shapes) {
      const x = drawTensor(random, shape, random.normal() * 3, 0.5 + random.next() * 2);
      const { mean, variance } = channelStatistics(x);
      const result = await call('runFusedKernel', { name: FUSED_KERNEL_NAMES.batchNormStatistics, inputs: { x }, attrs: {} });
      const label = JSON.stringify(shape);
      expect({ label, shapes: result.outputs.map((output) => output.shape), dispatches: result.dispatches, leaked: result.leakedTensors }).toEqual({ label, shapes: [[shape.at(-1)], [shape.at(-1)]], dispatches: 3, leaked: 0 });
      expect({ label, mean: relativeDifference(result.outputs[0]!.values, mean) < 1e-5 }).toEqual({ label, mean: true });
      expect({ label, variance: relativeDifference(result.outputs[1]!.values, variance) < 1e-5 }).toEqual({ label, variance: true });
    }
  });

  it.runIf(hasChromium)('should keep the variance of a channel whose mean is large against its spread', async () => {
    // Mean 1000, spread 0.01: plain float32 sums of x and x² lose every digit of this variance (1e-4).
    const x = drawTensor(createRandom(seed + 1), [2, 40, 40, 3], 1000, 0.01);
    const { variance } = channelStatistics(x);
    const result = await call('runFusedKernel', { name: FUSED_KERNEL_NAMES.batchNormStatistics, inputs: { x }, attrs: {} });
    result.outputs[1]!.values.forEach((value, channel) => expect(Math.abs(value - variance[channel]!) / variance[channel]!).toBeLessThan(1e-3));
  });

  it.runIf(hasChromium)(`should compute a training batch norm's backward pass on random shapes (seed ${seed})`, async () => {
    const random = createRandom(seed + 2);
    for (const shape of [[2, 33, 35, 67], [1, 2, 1, 5], [random.integer(1, 4), random.integer(1, 20), random.integer(1, 20), random.integer(1, 100)]]) {
      const channels = shape.at(-1)!;
      const x = drawTensor(random, shape, 1, 2);
      const dy = drawTensor(random, shape);
      const statistics = channelStatistics(x);
      const mean = { shape: [channels], values: statistics.mean.map(Math.fround) };
      const variance = { shape: [channels], values: statistics.variance.map(Math.fround) };
      const scale = drawTensor(random, [channels], 1, 0.5);
      const epsilon = 1e-5;
      const expected = batchNormGradientReference(dy, x, mean.values, variance.values, scale.values, epsilon);
      const result = await call('runFusedKernel', { name: FUSED_KERNEL_NAMES.batchNormGradient, inputs: { dy, x, mean, variance, scale }, attrs: { epsilon } });
      const label = JSON.stringify(shape);
      expect({ label, shapes: result.outputs.map((output) => output.shape), dispatches: result.dispatches, leaked: result.leakedTensors }).toEqual({ label, shapes: [shape, [channels], [channels]], dispatches: 4, leaked: 0 });
      ['dx', 'dscale', 'doffset'].forEach((name, index) => {
        expect({ label, name, close: withinTolerance(result.outputs[index]!.values, expected[index]!, 2e-5) }).toEqual({ label, name, close: true });
      });
    }
  });

  it.runIf(hasChromium)("should compute ReLU's gradient from its output, keeping NaN", async () => {
    const random = createRandom(seed + 3);
    const y = drawTensor(random, [3, 7, 5, 11]);
    y.values = y.values.map((value, index) => (index === 4 ? Number.NaN : index === 5 ? 0 : Math.max(value, 0)));
    const dy = drawTensor(random, y.shape);
    const result = await call('runFusedKernel', { name: FUSED_KERNEL_NAMES.reluGradient, inputs: { dy, y }, attrs: {} });
    const values = result.outputs[0]!.values;
    expect(result.dispatches).toBe(1);
    expect(values[4]).toBeNaN();
    values.forEach((value, index) => {
      if (index !== 4) expect(value).toBeCloseTo(y.values[index]! > 0 ? dy.values[index]! : 0, 6);
    });
  });

  it.runIf(hasChromium)(`should take an AdamW step of PyTorch's formula in 3 dispatches (seed ${seed})`, async () => {
    const random = createRandom(seed + 5);
    const shape = [3, 3, 17, 29];
    const [variable, gradient, first] = [drawTensor(random, shape), drawTensor(random, shape), drawTensor(random, shape, 0, 0.1)];
    const second = { shape, values: drawTensor(random, shape).values.map((value) => Math.fround(0.01 * value * value)) };
    const step = 7;
    const attrs = { learningRate: 3e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.05, biasCorrection1: 1 - 0.9 ** step, biasCorrection2: 1 - 0.999 ** step };
    const { learningRate: lr, beta1, beta2, epsilon, weightDecay, biasCorrection1, biasCorrection2 } = attrs;
    const wantFirst = first.values.map((value, index) => beta1 * value + (1 - beta1) * gradient.values[index]!);
    const wantSecond = second.values.map((value, index) => beta2 * value + (1 - beta2) * gradient.values[index]! ** 2);
    const wantVariable = variable.values.map((value, index) => value * (1 - lr * weightDecay) - ((lr / biasCorrection1) * wantFirst[index]!) / (Math.sqrt(wantSecond[index]!) / Math.sqrt(biasCorrection2) + epsilon));
    const result = await call('runFusedKernel', { name: FUSED_KERNEL_NAMES.adamW, inputs: { variable, gradient, first, second }, attrs });
    expect({ dispatches: result.dispatches, leaked: result.leakedTensors, shapes: result.outputs.map((output) => output.shape) }).toEqual({ dispatches: 3, leaked: 0, shapes: [shape, shape, shape] });
    [wantVariable, wantFirst, wantSecond].forEach((expected, index) => expect({ index, close: withinTolerance(result.outputs[index]!.values, expected, 2e-6) }).toEqual({ index, close: true }));
  });

  it.runIf(hasChromium)(`should update running statistics as PyTorch's BatchNorm2d in 2 dispatches (seed ${seed})`, async () => {
    const random = createRandom(seed + 6);
    const channels = 75;
    const [runningMean, mean] = [drawTensor(random, [channels]), drawTensor(random, [channels])];
    const [runningVariance, variance] = [drawTensor(random, [channels], 1, 0.2), drawTensor(random, [channels], 1, 0.2)];
    const [momentum, count] = [0.1, 2 * 14 * 14];
    const result = await call('runFusedKernel', { name: FUSED_KERNEL_NAMES.runningStatistics, inputs: { runningMean, runningVariance, mean, variance }, attrs: { momentum, count } });
    expect({ dispatches: result.dispatches, leaked: result.leakedTensors }).toEqual({ dispatches: 2, leaked: 0 });
    const wantMean = runningMean.values.map((value, index) => (1 - momentum) * value + momentum * mean.values[index]!);
    const wantVariance = runningVariance.values.map((value, index) => (1 - momentum) * value + ((momentum * count) / (count - 1)) * variance.values[index]!);
    expect([withinTolerance(result.outputs[0]!.values, wantMean, 1e-6), withinTolerance(result.outputs[1]!.values, wantVariance, 1e-6)]).toEqual([true, true]);
  });

  it.runIf(hasChromium)(`should compute LayerNorm and its backward pass over the last axis on random shapes (seed ${seed})`, async () => {
    const random = createRandom(seed + 8);
    for (const shape of [[2, 49, 96], [1, 3, 7, 130], [random.integer(1, 3), random.integer(1, 60), random.integer(1, 200)]]) {
      const channels = shape.at(-1)!;
      // Rows far from zero with a small spread for one case: the statistics must not cancel.
      const x = drawTensor(random, shape, channels === 130 ? 50 : 0, channels === 130 ? 0.05 : 1);
      const [weight, bias, dy] = [drawTensor(random, [channels], 1, 0.3), drawTensor(random, [channels]), drawTensor(random, shape)];
      const epsilon = 1e-6;
      const rows = x.values.length / channels;
      const statistics = Array.from({ length: rows }, (_, row) => {
        const values = x.values.slice(row * channels, (row + 1) * channels);
        const mean = values.reduce((sum, value) => sum + value, 0) / channels;
        const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / channels;
        return { mean, inverse: 1 / Math.sqrt(variance + epsilon) };
      });
      const normalised = x.values.map((value, index) => (value - statistics[Math.floor(index / channels)]!.mean) * statistics[Math.floor(index / channels)]!.inverse);
      const output = normalised.map((value, index) => value * weight.values[index % channels]! + bias.values[index % channels]!);
      const [weightGradient, biasGradient] = [new Array<number>(channels).fill(0), new Array<number>(channels).fill(0)];
      dy.values.forEach((value, index) => {
        weightGradient[index % channels]! += value * normalised[index]!;
        biasGradient[index % channels]! += value;
      });
      const inputGradient = dy.values.map((_, index) => {
        const row = Math.floor(index / channels);
        let [scaledSum, projectedSum] = [0, 0];
        for (let c = 0; c < channels; c++) {
          const scaled = dy.values[row * channels + c]! * weight.values[c]!;
          scaledSum += scaled;
          projectedSum += scaled * normalised[row * channels + c]!;
        }
        const scaled = dy.values[index]! * weight.values[index % channels]!;
        return (scaled - scaledSum / channels - (normalised[index]! * projectedSum) / channels) * statistics[row]!.inverse;
      });
      const label = JSON.stringify(shape);
      const forward = await call('runFusedKernel', { name: FUSED_KERNEL_NAMES.layerNorm, inputs: { x, weight, bias }, attrs: { epsilon } });
      expect({ label, dispatches: forward.dispatches, leaked: forward.leakedTensors, close: withinTolerance(forward.outputs[0]!.values, output, 2e-5) }).toEqual({ label, dispatches: 1, leaked: 0, close: true });
      const backward = await call('runFusedKernel', { name: FUSED_GRADIENT_KERNEL_NAMES.layerNorm, inputs: { dy, x, weight }, attrs: { epsilon } });
      expect({ label, dispatches: backward.dispatches, leaked: backward.leakedTensors, shapes: backward.outputs.map((tensor) => tensor.shape) }).toEqual({ label, dispatches: 5, leaked: 0, shapes: [shape, [channels], [channels]] });
      [inputGradient, weightGradient, biasGradient].forEach((expected, index) => expect({ label, index, close: withinTolerance(backward.outputs[index]!.values, expected, 1e-4) }).toEqual({ label, index, close: true }));
    }
  });

  it.runIf(hasChromium)("should end a residual block with relu(a + b) in one dispatch, keeping NaN", async () => {
    const random = createRandom(seed + 11);
    const [a, b] = [drawTensor(random, [2, 5, 5, 9]), drawTensor(random, [2, 5, 5, 9])];
    a.values[3] = Number.NaN;
    const result = await call('runFusedKernel', { name: FUSED_KERNEL_NAMES.addRelu, inputs: { a, b }, attrs: {} });
    expect({ dispatches: result.dispatches, leaked: result.leakedTensors }).toEqual({ dispatches: 1, leaked: 0 });
    expect(result.outputs[0]!.values[3]).toBeNaN();
    result.outputs[0]!.values.forEach((value, index) => {
      if (index !== 3) expect(value).toBeCloseTo(Math.max(a.values[index]! + b.values[index]!, 0), 6);
    });
  });

  it.runIf(hasChromium)(`should compute GELU, SiLU and their gradients, tails included (seed ${seed})`, async () => {
    const random = createRandom(seed + 9);
    const x = drawTensor(random, [5, 41], 0, 3);
    x.values.splice(0, 6, -30, -9, -0.5, 0, 9, 30);
    const dy = drawTensor(random, x.shape);
    const erf = (value: number) => {
      // erf by its series / continued fraction is overkill here: integrate exp(-t²) with Simpson's rule.
      const steps = 2000;
      const step = value / steps;
      let sum = 0;
      for (let index = 0; index <= steps; index++) sum += (index === 0 || index === steps ? 1 : index % 2 === 1 ? 4 : 2) * Math.exp(-((index * step) ** 2));
      return ((2 / Math.sqrt(Math.PI)) * sum * step) / 3;
    };
    const cumulative = (value: number) => 0.5 * (1 + erf(value / Math.SQRT2));
    const sigmoid = (value: number) => 1 / (1 + Math.exp(-value));
    const cases: [string, Record<string, PageTensor>, number[]][] = [
      [FUSED_KERNEL_NAMES.gelu, { x }, x.values.map((value) => value * cumulative(value))],
      [FUSED_GRADIENT_KERNEL_NAMES.gelu, { dy, x }, x.values.map((value, index) => dy.values[index]! * (cumulative(value) + (value * Math.exp(-0.5 * value * value)) / Math.sqrt(2 * Math.PI)))],
      [FUSED_KERNEL_NAMES.silu, { x }, x.values.map((value) => value * sigmoid(value))],
      [FUSED_GRADIENT_KERNEL_NAMES.silu, { dy, x }, x.values.map((value, index) => dy.values[index]! * sigmoid(value) * (1 + value * (1 - sigmoid(value))))],
    ];
    for (const [name, inputs, expected] of cases) {
      const result = await call('runFusedKernel', { name, inputs, attrs: {} });
      expect({ name, dispatches: result.dispatches, leaked: result.leakedTensors, close: withinTolerance(result.outputs[0]!.values, expected, 2e-6) }).toEqual({ name, dispatches: 1, leaked: 0, close: true });
    }
  });

  it.runIf(hasChromium)(`should give LayerNorm → GELU → SiLU the composite ops' values and gradients in fewer dispatches (seed ${seed})`, async () => {
    const random = createRandom(seed + 10);
    const tensors = { x: drawTensor(random, [2, 30, 48]), weight: drawTensor(random, [48], 1, 0.2), bias: drawTensor(random, [48], 0, 0.2) };
    const stock = await call('transformerBlock', { ...tensors, ours: false });
    const ours = await call('transformerBlock', { ...tensors, ours: true });
    expect([stock.leakedTensors, ours.leakedTensors]).toEqual([0, 0]);
    ['loss', 'dx', 'dweight', 'dbias'].forEach((name, index) => {
      const expected = stock.outputs[index]!;
      expect({ name, shape: ours.outputs[index]!.shape, close: withinTolerance(ours.outputs[index]!.values, expected.values, 1e-4) }).toEqual({ name, shape: expected.shape, close: true });
    });
    expect(ours.dispatches).toBeLessThanOrEqual(stock.dispatches / 2);
  });

  it.runIf(hasChromium)('should refuse inputs that break the contract with typed errors', async () => {
    const x = { shape: [2, 3, 4], values: new Array(24).fill(1) };
    const shortScale = { shape: [3], values: [1, 1, 1] };
    const channel = { shape: [4], values: [0, 1, 1, 1] };
    expect(await call('fusedKernelError', { name: FUSED_KERNEL_NAMES.batchNormGradient, inputs: { dy: x, x, mean: channel, variance: channel, scale: shortScale }, attrs: { epsilon: 1e-5 } })).toEqual(expect.objectContaining({ code: 'SHAPE_MISMATCH', message: expect.stringContaining('[C]') }));
    expect(await call('fusedKernelError', { name: FUSED_KERNEL_NAMES.reluGradient, inputs: { dy: { shape: [2, 12], values: x.values }, y: x }, attrs: {} })).toEqual(expect.objectContaining({ code: 'SHAPE_MISMATCH', message: expect.stringContaining('dy [2,12]') }));
    expect(await call('fusedKernelError', { name: FUSED_KERNEL_NAMES.batchNormStatistics, inputs: { x: { shape: [0, 4], values: [] } }, attrs: {} })).toEqual(expect.objectContaining({ code: 'SHAPE_MISMATCH', message: expect.stringContaining('non-empty') }));
    expect(await call('fusedKernelError', { name: FUSED_KERNEL_NAMES.batchNormStatistics, inputs: { x: { ...x, dtype: 'int32' } }, attrs: {} })).toEqual(expect.objectContaining({ name: 'TypeError', message: expect.stringContaining('float32') }));
    const adamW = { variable: x, gradient: x, first: x, second: { shape: [24], values: x.values } };
    const settings = { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0, biasCorrection1: 0.1, biasCorrection2: 0.001 };
    expect(await call('fusedKernelError', { name: FUSED_KERNEL_NAMES.adamW, inputs: adamW, attrs: settings })).toEqual(expect.objectContaining({ code: 'SHAPE_MISMATCH', message: expect.stringContaining('second [24]') }));
    expect(await call('fusedKernelError', { name: FUSED_KERNEL_NAMES.adamW, inputs: { ...adamW, second: x }, attrs: { ...settings, biasCorrection2: 0 } })).toEqual(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('bias corrections') }));
  });

  it.runIf(hasChromium)(`should give a conv → batch norm → ReLU training block the stock kernels' values and gradients in fewer dispatches (seed ${seed})`, async () => {
    const random = createRandom(seed + 4);
    const tensors = { x: drawTensor(random, [2, 12, 10, 5]), filter: drawTensor(random, [3, 3, 5, 24], 0, 0.3), scale: drawTensor(random, [24], 1, 0.2), offset: drawTensor(random, [24], 0, 0.2) };
    const stock = await call('trainingBlock', { ...tensors, ours: false });
    const ours = await call('trainingBlock', { ...tensors, ours: true });
    expect([stock.leakedTensors, ours.leakedTensors]).toEqual([0, 0]);
    ['loss', 'dx', 'dfilter', 'dscale', 'doffset'].forEach((name, index) => {
      const expected = stock.outputs[index]!;
      expect({ name, shape: ours.outputs[index]!.shape, close: withinTolerance(ours.outputs[index]!.values, expected.values, 1e-4) }).toEqual({ name, shape: expected.shape, close: true });
    });
    // Batch statistics 5 → 3 dispatches, the batch norm's backward pass about 15 → 4, ReLU's 2 → 1.
    expect(ours.dispatches).toBeLessThanOrEqual(stock.dispatches - 10);
  });

  it.runIf(hasChromium)('should run ResNet34 inference and a training step with AdamW in fewer dispatches, with the stock kernels\' results', async () => {
    await call('start');
    const result = await call('resnetStepDispatches');
    expect(result.leakedTensors).toBe(0);
    expect(Math.abs(result.loss - result.stockLoss)).toBeLessThan(1e-4);
    // Counted with both kernel sets: 2,835 dispatches stock (about fifteen per parameter in AdamW alone), 944 ours.
    expect(result.dispatches).toBeLessThan(1000);
    // Inference: the blocks end in one add-and-ReLU kernel instead of two (16 fewer of 73), with the same logits.
    expect(withinTolerance(result.inference.ours, result.inference.stock, 1e-5)).toBe(true);
    expect(result.inference.stockDispatches - result.inference.oursDispatches).toBe(16);
  }, 120_000);
});
