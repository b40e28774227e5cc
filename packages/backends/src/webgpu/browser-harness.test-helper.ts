/**
 * Page side of the Chromium WebGPU tests (bundled by `webgpu-kernels.test.ts` with esbuild, loaded into headless
 * Chromium): runs Conv2DBackpropFilter on tfjs's WebGPU backend with the stock kernel and with ours, the fused
 * kernels of `WEBGPU_FUSED_KERNELS`, and a conv → batch norm → ReLU training block both ways.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-webgpu';
// The gradient path (tf.grad) needs the gradient registrations, which tfjs-core alone leaves out.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
// The backbones' training batch norm and ReLU, from source (bundled by esbuild), to check the fused kernels where they are used.
import { batchNormTraining } from '../../../backbones/src/layers/batch-norm';
import { relu, silu } from '../../../backbones/src/layers/activations';
import { layerNorm } from '../../../backbones/src/mvitv2/layer-norm';
import { gelu } from '../../../backbones/src/mvitv2/mlp';
import { createBackbone } from '../../../backbones/src/registry';
import { createOptimizer } from '../../../classifier/src/training/optimizers';
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

/** A tensor crossing into the page: its shape and values. */
export interface PageTensor {
  shape: number[];
  values: number[];
}

/** A fused kernel's outputs computed on webgpu with our kernels, and the dispatches and tensors it left. */
export interface FusedKernelResult {
  outputs: PageTensor[];
  dispatches: number;
  leakedTensors: number;
}

/** Runs `run`, recording the class name of every program the webgpu backend dispatches. */
function recordPrograms<T>(run: () => T): { value: T; programs: string[] } {
  const backend = tf.backend() as unknown as { runWebGPUProgram: (...args: unknown[]) => unknown };
  const original = backend.runWebGPUProgram;
  const programs: string[] = [];
  backend.runWebGPUProgram = (program: unknown, ...rest: unknown[]) => {
    programs.push((program as object).constructor.name);
    return original.call(backend, program, ...rest);
  };
  try {
    return { value: run(), programs };
  } finally {
    backend.runWebGPUProgram = original;
  }
}

/** Counts the programs the webgpu backend runs while `run` runs. */
function countDispatches<T>(run: () => T): { value: T; dispatches: number } {
  const { value, programs } = recordPrograms(run);
  return { value, dispatches: programs.length };
}

async function readAll(tensors: tf.Tensor[]): Promise<PageTensor[]> {
  const outputs = await Promise.all(tensors.map(async (tensor) => ({ shape: tensor.shape, values: Array.from(await tensor.data()) })));
  tf.dispose(tensors);
  return outputs;
}

/** Runs the fused kernel `name` on webgpu with our kernels registered (then unregistered). */
export async function runFusedKernel({ name, inputs, attrs }: { name: string; inputs: Record<string, PageTensor>; attrs: Record<string, number> }): Promise<FusedKernelResult> {
  const before = tf.memory().numTensors;
  registerWebGpuKernels();
  try {
    const tensors = Object.fromEntries(Object.entries(inputs).map(([key, tensor]) => [key, tf.tensor(tensor.values, tensor.shape)]));
    const { value, dispatches } = countDispatches(() => tf.engine().runKernel(name, tensors, attrs as unknown as tf.NamedAttrMap) as tf.Tensor | tf.Tensor[]);
    tf.dispose(Object.values(tensors));
    const outputs = await readAll(Array.isArray(value) ? value : [value]);
    return { outputs, dispatches, leakedTensors: tf.memory().numTensors - before };
  } finally {
    unregisterWebGpuKernels();
  }
}

/** The error a fused kernel throws on webgpu (our kernels registered), as `{ name, code, message }`, or null. */
export async function fusedKernelError({ name, inputs, attrs }: { name: string; inputs: Record<string, PageTensor & { dtype?: 'float32' | 'int32' }>; attrs: Record<string, number> }): Promise<{ name: string; code?: string; message: string } | null> {
  registerWebGpuKernels();
  const tensors = Object.fromEntries(Object.entries(inputs).map(([key, tensor]) => [key, tf.tensor(tensor.values, tensor.shape, tensor.dtype ?? 'float32')]));
  try {
    tf.dispose(tf.engine().runKernel(name, tensors, attrs as unknown as tf.NamedAttrMap) as tf.Tensor);
    return null;
  } catch (error) {
    const { name: errorName, message, code } = error as Error & { code?: string };
    return { name: errorName, code, message };
  } finally {
    tf.dispose(Object.values(tensors));
    unregisterWebGpuKernels();
  }
}

/** One training block's forward output and gradients, and the dispatches its forward and backward passes ran. */
export interface BlockResult {
  outputs: PageTensor[];
  dispatches: number;
  leakedTensors: number;
}

/**
 * conv → training batch norm → ReLU → sum of squares, as the backbones run it, differentiated for the input, the
 * filter, scale and offset: with the stock kernels, or with ours registered.
 */
export async function trainingBlock({ x, filter, scale, offset, ours }: { x: PageTensor; filter: PageTensor; scale: PageTensor; offset: PageTensor; ours: boolean }): Promise<BlockResult> {
  const before = tf.memory().numTensors;
  if (ours) registerWebGpuKernels();
  try {
    const inputs = [x, filter, scale, offset].map((tensor) => tf.tensor(tensor.values, tensor.shape));
    const block = (input: tf.Tensor, weights: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) => {
      const convolved = tf.conv2d(input as tf.Tensor4D, weights as tf.Tensor4D, 1, 'same');
      const activated = relu(batchNormTraining(convolved, gamma as tf.Tensor1D, beta as tf.Tensor1D));
      return tf.sum(tf.square(activated));
    };
    const { value, dispatches } = countDispatches(() => tf.valueAndGrads((...tensors: tf.Tensor[]) => block(tensors[0]!, tensors[1]!, tensors[2]!, tensors[3]!) as tf.Scalar)(inputs));
    tf.dispose(inputs);
    const outputs = await readAll([value.value, ...value.grads]);
    return { outputs, dispatches, leakedTensors: tf.memory().numTensors - before };
  } finally {
    if (ours) unregisterWebGpuKernels();
  }
}

/**
 * ResNet34 on webgpu (batch 2, 32 px): inference logits and dispatches with the stock kernels and with ours; one
 * training step as the classifier takes it (AdamW) with our kernels, after a warm-up step: the programs it
 * dispatched, the warm-up step's loss (before any update) next to the loss of a training-mode forward pass with the
 * stock kernels; and the tensors left once everything is disposed.
 */
export async function resnetStepDispatches(): Promise<{ dispatches: number; loss: number; stockLoss: number; inference: { stock: number[]; ours: number[]; stockDispatches: number; oursDispatches: number }; leakedTensors: number }> {
  const before = tf.memory().numTensors;
  const backbone = createBackbone('resnet34', { numClasses: 2, inputShape: [32, 32, 3], seed: 3 });
  const optimizer = createOptimizer({ kind: 'adamw' });
  const images = tf.randomNormal([2, 32, 32, 3], 0, 1, 'float32', 4) as tf.Tensor4D;
  const labels = tf.tidy(() => tf.oneHot(tf.tensor1d([0, 1], 'int32'), 2));
  const lossOf = () => tf.losses.softmaxCrossEntropy(labels, backbone.forward(images, { training: true })) as tf.Scalar;
  const predict = () => countDispatches(() => backbone.predict(images));
  // A training-mode forward pass updates the running statistics (which its loss does not read), so it comes before
  // both predictions.
  const stockLoss = tf.tidy(lossOf);
  // The first prediction folds each batch norm into its convolution (cached until the statistics change).
  tf.dispose(predict().value);
  const stockPrediction = predict();
  registerWebGpuKernels();
  try {
    const oursPrediction = predict();
    const inference = {
      stock: Array.from(await stockPrediction.value.data()),
      ours: Array.from(await oursPrediction.value.data()),
      stockDispatches: stockPrediction.dispatches,
      oursDispatches: oursPrediction.dispatches,
    };
    tf.dispose([stockPrediction.value, oursPrediction.value]);
    const variables = new Map(backbone.trainableVariables().map((variable) => [variable.name, variable]));
    const step = () => {
      const { value, grads } = tf.variableGrads(lossOf, [...variables.values()]);
      optimizer.step(variables, grads, 1e-3);
      tf.dispose(Object.values(grads));
      return value;
    };
    const firstLoss = step();
    const { value, dispatches } = countDispatches(step);
    const [loss, stock] = [(await firstLoss.data())[0]!, (await stockLoss.data())[0]!];
    tf.dispose([value, firstLoss, stockLoss, images, labels]);
    optimizer.dispose();
    backbone.dispose();
    return { dispatches, loss, stockLoss: stock, inference, leakedTensors: tf.memory().numTensors - before };
  } finally {
    unregisterWebGpuKernels();
  }
}

/**
 * LayerNorm → GELU → SiLU → sum of squares through the backbones' ops, differentiated for the input, weight and bias:
 * with the stock kernels (their composite ops), or with ours registered (the fused kernels and their gradients).
 */
export async function transformerBlock({ x, weight, bias, ours }: { x: PageTensor; weight: PageTensor; bias: PageTensor; ours: boolean }): Promise<BlockResult> {
  const before = tf.memory().numTensors;
  if (ours) registerWebGpuKernels();
  try {
    const inputs = [x, weight, bias].map((tensor) => tf.tensor(tensor.values, tensor.shape));
    const block = (input: tf.Tensor, scale: tf.Tensor, shift: tf.Tensor) => tf.sum(tf.square(silu(gelu(layerNorm(input, { weight: scale as tf.Tensor1D, bias: shift as tf.Tensor1D }, 1e-6)))));
    const { value, dispatches } = countDispatches(() => tf.valueAndGrads((...tensors: tf.Tensor[]) => block(tensors[0]!, tensors[1]!, tensors[2]!) as tf.Scalar)(inputs));
    tf.dispose(inputs);
    const outputs = await readAll([value.value, ...value.grads]);
    return { outputs, dispatches, leakedTensors: tf.memory().numTensors - before };
  } finally {
    if (ours) unregisterWebGpuKernels();
  }
}

/** One input-gradient case: dy and the filter, with the forward convolution's geometry. */
export interface InputGradientCase {
  xShape: [number, number, number, number];
  filterShape: [number, number, number, number];
  dyShape: [number, number, number, number];
  strides: [number, number];
  pad: FilterGradientCase['pad'];
  dy: number[];
  filter: number[];
}

/** Conv2DBackpropInput on webgpu with the stock kernel (naive) and with `tiledInputGradient`, and the programs each ran. */
export async function inputGradient(testCase: InputGradientCase): Promise<{ stock: number[]; ours: number[]; programs: [string[], string[]] }> {
  const run = async () => {
    const attrs = { inputShape: testCase.xShape, strides: testCase.strides, pad: testCase.pad, dataFormat: 'NHWC' };
    const { value: result, programs } = recordPrograms(() =>
      tf.tidy(() => tf.engine().runKernel('Conv2DBackpropInput', { dy: tf.tensor4d(testCase.dy, testCase.dyShape), filter: tf.tensor4d(testCase.filter, testCase.filterShape) }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor),
    );
    const values = Array.from(await result.data());
    result.dispose();
    return { values, programs };
  };
  const stock = await run();
  registerWebGpuKernels({ tiledInputGradient: true });
  try {
    const ours = await run();
    return { stock: stock.values, ours: ours.values, programs: [stock.programs, ours.programs] };
  } finally {
    unregisterWebGpuKernels();
  }
}
