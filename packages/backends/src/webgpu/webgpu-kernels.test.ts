import { fileURLToPath } from 'node:url';
import { createRandom, type Random } from '@spinedx/core';
import { hasTool } from '@spinedx/test-utils';
import * as tf from '@tensorflow/tfjs';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomConvCase } from '../training-kernels/random-conv-cases.test-helper';
import type { FilterGradientCase, FilterGradientResult } from './browser-harness.test-helper';

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

function call<Name extends 'start' | 'runCase' | 'gradientThroughConv'>(name: Name, argument?: FilterGradientCase): Promise<Awaited<ReturnType<Harness[Name]>>> {
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
      expect({ label, registered: result.registered, leakedTensors: result.leakedTensors }).toEqual({ label, registered: [['Conv2DBackpropFilter'], []], leakedTensors: 0 });
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
