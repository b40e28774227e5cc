import { FUSED_KERNEL_NAMES, ShapeError } from '@spinedx/core';
import * as tf from '@tensorflow/tfjs-core';
import { type AdamWAttributes, adamWSettings, lastAxisChannels, requireAdamWShapes, requireSameShape, requireShapeOf, runningStatisticsChannels, runningStatisticsSettings } from '../fused-kernel-checks';
import type { ChannelResult, ChannelSumsKind } from './channel-sums-program';
import { createChannelFinishProgram, createChannelSumsProgram, planChannelSums } from './channel-sums-program';
import { FUSED_GRADIENT_KERNEL_NAMES } from '../fused-kernel-gradients';
import { type ActivationPass, createActivationProgram, createAdamWProgram, createAddReluProgram, createBatchNormInputGradientProgram, createReluGradientProgram, createRunningStatisticProgram } from './elementwise-programs';
import { createLayerNormInputGradientProgram, createLayerNormProgram, createRowStatisticsProgram } from './layer-norm-programs';
import type { WebGpuBackendLike } from './webgpu-program';

type KernelArguments = Parameters<tf.KernelFunc>[0];

function requireFloat32(kernel: string, inputs: Record<string, tf.TensorInfo | undefined>): void {
  for (const [name, tensor] of Object.entries(inputs)) {
    if (tensor === undefined || tensor.dtype !== 'float32') {
      throw new TypeError(`${kernel} on webgpu: expected ${name} to be a float32 tensor; received ${tensor === undefined ? 'nothing' : tensor.dtype}`);
    }
  }
}

/** WebGPU's guaranteed workgroups along one dimension, times the row programs' 64 threads. */
const MAX_ROWS = 65_535 * 64;

/**
 * The rows of `x` over its last axis (`channels` values each): at least one, and at most `limit` for the programs
 * that run a thread per row.
 */
function rowsOf(kernel: string, x: tf.TensorInfo, channels: number, limit = Number.POSITIVE_INFINITY): number {
  const rows = channels === 0 ? 0 : tf.util.sizeFromShape(x.shape) / channels;
  if (rows === 0) throw new ShapeError(`${kernel} on webgpu: expected a non-empty x; received ${JSON.stringify(x.shape)}`);
  if (rows > limit) throw new RangeError(`${kernel} on webgpu: expected at most ${limit} rows; received ${rows}`);
  return rows;
}

/** Runs the per-channel sums over x's rows, then each finishing program on them; the partial sums are freed. */
function channelResults(backend: WebGpuBackendLike, kind: ChannelSumsKind, inputs: tf.TensorInfo[], x: tf.TensorInfo, finishes: [ChannelResult, tf.TensorInfo[]][], epsilon: number): tf.TensorInfo[] {
  const channels = x.shape.at(-1)!;
  const rows = tf.util.sizeFromShape(x.shape) / channels;
  const plan = planChannelSums(rows, channels);
  const partials = backend.runWebGPUProgram(createChannelSumsProgram(kind, plan, channels), inputs, 'float32', [
    { type: 'int32', data: [rows] },
    { type: 'int32', data: [channels] },
    { type: 'int32', data: [plan.chunk] },
  ]);
  try {
    const uniforms = [
      { type: 'int32' as const, data: [plan.splits] },
      { type: 'float32' as const, data: [rows] },
      { type: 'float32' as const, data: [epsilon] },
    ];
    return finishes.map(([result, extraInputs]) => backend.runWebGPUProgram(createChannelFinishProgram(result, channels), [partials, ...extraInputs], 'float32', uniforms));
  } finally {
    backend.disposeData(partials.dataId);
  }
}

/** `FUSED_KERNEL_NAMES.batchNormStatistics`: `{ x }` to `[mean, variance]` over every axis but the last (3 dispatches). */
function batchNormStatistics({ inputs, backend }: KernelArguments): tf.TensorInfo[] {
  const { x } = inputs as Record<string, tf.TensorInfo | undefined>;
  requireFloat32(FUSED_KERNEL_NAMES.batchNormStatistics, { x });
  rowsOf(FUSED_KERNEL_NAMES.batchNormStatistics, x!, lastAxisChannels(FUSED_KERNEL_NAMES.batchNormStatistics, x!, 0));
  return channelResults(backend as unknown as WebGpuBackendLike, 'statistics', [x!], x!, [['mean', [x!]], ['variance', []]], 0);
}

/**
 * `FUSED_KERNEL_NAMES.batchNormGradient`: `{ dy, x, mean, variance, scale }` to `[dx, dscale, doffset]`: one pass of
 * per-channel sums, two small finishing passes, one element-wise pass for dx (tfjs's ops take about fifteen).
 */
function batchNormGradient({ inputs, attrs, backend }: KernelArguments): tf.TensorInfo[] {
  const { dy, x, mean, variance, scale } = inputs as Record<string, tf.TensorInfo | undefined>;
  const { epsilon } = attrs as { epsilon: number };
  requireFloat32(FUSED_KERNEL_NAMES.batchNormGradient, { dy, x, mean, variance, scale });
  const channels = lastAxisChannels(FUSED_KERNEL_NAMES.batchNormGradient, x!, epsilon, mean!, variance!, scale!);
  requireShapeOf(FUSED_KERNEL_NAMES.batchNormGradient, dy!, 'x', x!);
  const count = rowsOf(FUSED_KERNEL_NAMES.batchNormGradient, x!, channels);
  const gpu = backend as unknown as WebGpuBackendLike;
  const [offsetGradient, scaleGradient] = channelResults(gpu, 'gradient', [dy!, x!, mean!], x!, [['offsetGradient', []], ['scaleGradient', [variance!]]], epsilon) as [tf.TensorInfo, tf.TensorInfo];
  const inputGradient = gpu.runWebGPUProgram(createBatchNormInputGradientProgram([...x!.shape]), [dy!, x!, mean!, variance!, scale!, offsetGradient, scaleGradient], 'float32', [
    { type: 'int32', data: [channels] },
    { type: 'float32', data: [count] },
    { type: 'float32', data: [epsilon] },
  ]);
  return [inputGradient, scaleGradient, offsetGradient];
}

/** `FUSED_KERNEL_NAMES.addRelu`: `{ a, b }` to `relu(a + b)` in one dispatch (tfjs's add and ReLU are two). */
function addRelu({ inputs, backend }: KernelArguments): tf.TensorInfo {
  const { a, b } = inputs as Record<string, tf.TensorInfo | undefined>;
  requireFloat32(FUSED_KERNEL_NAMES.addRelu, { a, b });
  requireSameShape(FUSED_KERNEL_NAMES.addRelu, 'b', b!, a!, 'a');
  return (backend as unknown as WebGpuBackendLike).runWebGPUProgram(createAddReluProgram([...a!.shape]), [a!, b!], 'float32');
}

/** `FUSED_KERNEL_NAMES.reluGradient`: `{ dy, y }` to `dy · step(y)` in one pass (tfjs's step and multiply are two). */
function reluGradient({ inputs, backend }: KernelArguments): tf.TensorInfo {
  const { dy, y } = inputs as Record<string, tf.TensorInfo | undefined>;
  requireFloat32(FUSED_KERNEL_NAMES.reluGradient, { dy, y });
  requireShapeOf(FUSED_KERNEL_NAMES.reluGradient, dy!, 'y', y!);
  return (backend as unknown as WebGpuBackendLike).runWebGPUProgram(createReluGradientProgram([...y!.shape]), [dy!, y!], 'float32');
}

/** `FUSED_KERNEL_NAMES.layerNorm`: one dispatch, one thread per row (tfjs's ops take six). */
function layerNorm({ inputs, attrs, backend }: KernelArguments): tf.TensorInfo {
  const { x, weight, bias } = inputs as Record<string, tf.TensorInfo | undefined>;
  const { epsilon } = attrs as { epsilon: number };
  requireFloat32(FUSED_KERNEL_NAMES.layerNorm, { x, weight, bias });
  const channels = lastAxisChannels(FUSED_KERNEL_NAMES.layerNorm, x!, epsilon, weight!, bias!);
  const rows = rowsOf(FUSED_KERNEL_NAMES.layerNorm, x!, channels, MAX_ROWS);
  return (backend as unknown as WebGpuBackendLike).runWebGPUProgram(createLayerNormProgram([...x!.shape], rows), [x!, weight!, bias!], 'float32', rowUniforms(rows, channels, epsilon));
}

function rowUniforms(rows: number, channels: number, epsilon: number) {
  return [
    { type: 'int32' as const, data: [rows] },
    { type: 'int32' as const, data: [channels] },
    { type: 'float32' as const, data: [epsilon] },
  ];
}

/**
 * LayerNorm's backward pass (`FUSED_GRADIENT_KERNEL_NAMES.layerNorm`): `{ dy, x, weight }` to `[dx, dweight, dbias]`
 * in five dispatches: row statistics (which the other passes read), dx per row, per-channel partial sums of dy and
 * dy · x̂, two finishing passes.
 */
function layerNormGradient({ inputs, attrs, backend }: KernelArguments): tf.TensorInfo[] {
  const { dy, x, weight } = inputs as Record<string, tf.TensorInfo | undefined>;
  const { epsilon } = attrs as { epsilon: number };
  const kernel = FUSED_GRADIENT_KERNEL_NAMES.layerNorm;
  requireFloat32(kernel, { dy, x, weight });
  const channels = lastAxisChannels(kernel, x!, epsilon, weight!);
  requireShapeOf(kernel, dy!, 'x', x!);
  const rows = rowsOf(kernel, x!, channels, MAX_ROWS);
  const gpu = backend as unknown as WebGpuBackendLike;
  const uniforms = rowUniforms(rows, channels, epsilon);
  const statistics = gpu.runWebGPUProgram(createRowStatisticsProgram(rows), [x!], 'float32', uniforms);
  try {
    const inputGradient = gpu.runWebGPUProgram(createLayerNormInputGradientProgram([...x!.shape], rows), [dy!, x!, weight!, statistics], 'float32', uniforms);
    const [biasGradient, weightGradient] = channelResults(gpu, 'layerNormGradient', [dy!, x!, statistics], x!, [['offsetGradient', []], ['secondSum', []]], epsilon);
    return [inputGradient, weightGradient!, biasGradient!];
  } finally {
    gpu.disposeData(statistics.dataId);
  }
}

/** An element-wise activation or its gradient kernel, one dispatch (tfjs's ops take two to seven). */
function activation(kernel: string, pass: ActivationPass, names: string[]): tf.KernelFunc {
  return ({ inputs, backend }: KernelArguments) => {
    const tensors = names.map((name) => (inputs as Record<string, tf.TensorInfo | undefined>)[name]);
    requireFloat32(kernel, Object.fromEntries(names.map((name, index) => [name, tensors[index]])));
    if (tensors.length === 2) requireShapeOf(kernel, tensors[0]!, 'x', tensors[1]!);
    const shape = [...tensors.at(-1)!.shape];
    return (backend as unknown as WebGpuBackendLike).runWebGPUProgram(createActivationProgram(pass, shape), tensors as tf.TensorInfo[], 'float32');
  };
}

/**
 * `FUSED_KERNEL_NAMES.runningStatistics`: `{ runningMean, runningVariance, mean, variance }` to the updated pair in two
 * dispatches (the composite ops run six, each with a scalar uploaded).
 */
function runningStatistics({ inputs, attrs, backend }: KernelArguments): tf.TensorInfo[] {
  const { runningMean, runningVariance, mean, variance } = inputs as Record<string, tf.TensorInfo | undefined>;
  requireFloat32(FUSED_KERNEL_NAMES.runningStatistics, { runningMean, runningVariance, mean, variance });
  const channels = runningStatisticsChannels(FUSED_KERNEL_NAMES.runningStatistics, { runningMean, runningVariance, mean, variance });
  const { keep, momentum, varianceFactor } = runningStatisticsSettings(attrs as unknown as { momentum: number; count: number });
  const gpu = backend as unknown as WebGpuBackendLike;
  const update = (running: tf.TensorInfo, batch: tf.TensorInfo, factor: number) =>
    gpu.runWebGPUProgram(createRunningStatisticProgram(channels), [running, batch], 'float32', [
      { type: 'float32', data: [keep] },
      { type: 'float32', data: [factor] },
    ]);
  return [update(runningMean!, mean!, momentum), update(runningVariance!, variance!, varianceFactor)];
}

/**
 * `FUSED_KERNEL_NAMES.adamW`: `{ variable, gradient, first, second }` to `[variable', first', second']` in 3 dispatches
 * and no uploads (the composite ops run about fifteen, each with its scalar uploaded).
 */
function adamW({ inputs, attrs, backend }: KernelArguments): tf.TensorInfo[] {
  const { variable, gradient, first, second } = inputs as Record<string, tf.TensorInfo | undefined>;
  requireFloat32(FUSED_KERNEL_NAMES.adamW, { variable, gradient, first, second });
  requireAdamWShapes(FUSED_KERNEL_NAMES.adamW, { variable, gradient, first, second });
  const uniforms = Array.from(adamWSettings(attrs as unknown as AdamWAttributes), (value) => ({ type: 'float32' as const, data: [value] }));
  const gpu = backend as unknown as WebGpuBackendLike;
  const shape = [...variable!.shape];
  const firstOut = gpu.runWebGPUProgram(createAdamWProgram('first', shape), [first!, gradient!], 'float32', uniforms);
  const secondOut = gpu.runWebGPUProgram(createAdamWProgram('second', shape), [second!, gradient!], 'float32', uniforms);
  const variableOut = gpu.runWebGPUProgram(createAdamWProgram('variable', shape), [variable!, firstOut, secondOut], 'float32', uniforms);
  return [variableOut, firstOut, secondOut];
}

/**
 * The kernels of `FUSED_KERNEL_NAMES` (`@spinedx/core`) the WebGPU backend gets from `registerWebGpuKernels`, with
 * the gradient kernels of LayerNorm, GELU and SiLU (their gradients, registered with them, call those). The others
 * need no gradient: the backbones call them inside their own differentiable ops, the optimizer outside any.
 */
export const WEBGPU_FUSED_KERNEL_FUNCTIONS: Readonly<Record<string, tf.KernelFunc>> = Object.freeze({
  [FUSED_KERNEL_NAMES.batchNormStatistics]: batchNormStatistics,
  [FUSED_KERNEL_NAMES.batchNormGradient]: batchNormGradient,
  [FUSED_KERNEL_NAMES.reluGradient]: reluGradient,
  [FUSED_KERNEL_NAMES.addRelu]: addRelu,
  [FUSED_KERNEL_NAMES.runningStatistics]: runningStatistics,
  [FUSED_KERNEL_NAMES.adamW]: adamW,
  [FUSED_KERNEL_NAMES.layerNorm]: layerNorm,
  [FUSED_GRADIENT_KERNEL_NAMES.layerNorm]: layerNormGradient,
  [FUSED_KERNEL_NAMES.gelu]: activation(FUSED_KERNEL_NAMES.gelu, 'gelu', ['x']),
  [FUSED_GRADIENT_KERNEL_NAMES.gelu]: activation(FUSED_GRADIENT_KERNEL_NAMES.gelu, 'geluGradient', ['dy', 'x']),
  [FUSED_KERNEL_NAMES.silu]: activation(FUSED_KERNEL_NAMES.silu, 'silu', ['x']),
  [FUSED_GRADIENT_KERNEL_NAMES.silu]: activation(FUSED_GRADIENT_KERNEL_NAMES.silu, 'siluGradient', ['dy', 'x']),
});

