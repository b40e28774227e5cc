/**
 * Page side of the Chromium WebGPU tests (bundled by `webgpu-kernels.test.ts` with esbuild, loaded into headless
 * Chromium): runs Conv2DBackpropFilter on tfjs's WebGPU backend with the stock kernel and with ours.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgpu';
// The gradient path (tf.grad) needs the gradient registrations, which tfjs-core alone leaves out.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { registerWebGpuKernels, unregisterWebGpuKernels } from './register-webgpu-kernels';

/** One filter-gradient case, with its data. */
export interface FilterGradientCase {
  xShape: [number, number, number, number];
  dyShape: [number, number, number, number];
  filterShape: [number, number, number, number];
  strides: [number, number];
  pad: 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  dataFormat: 'NHWC' | 'NCHW';
  x: number[];
  dy: number[];
}

/** Both results of a case, and the tensors left behind. */
export interface FilterGradientResult {
  stock: number[];
  ours: number[];
  /** `registerWebGpuKernels()` results: the first call's kernel names, then the second call's (idempotence). */
  registered: [string[], string[]];
  leakedTensors: number;
}

async function filterGradient(testCase: FilterGradientCase): Promise<number[]> {
  const result = tf.tidy(() => {
    const x = tf.tensor4d(testCase.x, testCase.xShape);
    const dy = tf.tensor4d(testCase.dy, testCase.dyShape);
    const attrs = { strides: testCase.strides, pad: testCase.pad, dataFormat: testCase.dataFormat, dimRoundingMode: testCase.dimRoundingMode, filterShape: testCase.filterShape };
    return tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
  });
  const values = Array.from(await result.data());
  result.dispose();
  return values;
}

/** Starts the WebGPU backend; resolves to the active backend's name. */
export async function start(): Promise<string> {
  await tf.setBackend('webgpu');
  await tf.ready();
  return tf.getBackend();
}

/** Runs one case with the stock kernel, then with ours (registered twice to check idempotence), then restores. */
export async function runCase(testCase: FilterGradientCase): Promise<FilterGradientResult> {
  const before = tf.memory().numTensors;
  const stock = await filterGradient(testCase);
  const first = registerWebGpuKernels().map((entry) => entry.kernel);
  const second = registerWebGpuKernels().map((entry) => entry.kernel);
  try {
    const ours = await filterGradient(testCase);
    return { stock, ours, registered: [first, second], leakedTensors: tf.memory().numTensors - before };
  } finally {
    unregisterWebGpuKernels();
  }
}

/** The filter gradient through `tf.grad` of a conv2d (the path training takes), with our kernels registered. */
export async function gradientThroughConv(testCase: FilterGradientCase): Promise<number[]> {
  registerWebGpuKernels();
  try {
    const gradient = tf.tidy(() => {
      const x = tf.tensor4d(testCase.x, testCase.xShape);
      const dy = tf.tensor4d(testCase.dy, testCase.dyShape);
      const loss = (filter: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, filter as tf.Tensor4D, testCase.strides, testCase.pad as 'same'), dy));
      return tf.grad(loss)(tf.zeros(testCase.filterShape));
    });
    const values = Array.from(await gradient.data());
    gradient.dispose();
    return values;
  } finally {
    unregisterWebGpuKernels();
  }
}
