import { FUSED_KERNEL_NAMES, ShapeError } from '@spinedx/core';
import * as tf from '@tensorflow/tfjs-core';
import { type AdamWAttributes, adamWSettings, lastAxisChannels, requireSameShape, requireShapeOf, runningStatisticsSettings } from '../fused-kernel-checks';
import type { ChannelResult, ChannelSumsKind } from './channel-sums-program';
import { createChannelFinishProgram, createChannelSumsProgram, planChannelSums } from './channel-sums-program';
import { createAdamWProgram, createBatchNormInputGradientProgram, createReluGradientProgram, createRunningStatisticProgram } from './elementwise-programs';
import type { WebGpuBackendLike } from './webgpu-program';

type KernelArguments = Parameters<tf.KernelFunc>[0];

function requireFloat32(kernel: string, inputs: Record<string, tf.TensorInfo | undefined>): void {
  for (const [name, tensor] of Object.entries(inputs)) {
    if (tensor === undefined || tensor.dtype !== 'float32') {
      throw new TypeError(`${kernel} on webgpu: expected ${name} to be a float32 tensor; received ${tensor === undefined ? 'nothing' : tensor.dtype}`);
    }
  }
}

/** Batch statistics need at least one row and one channel. */
function requireRows(kernel: string, x: tf.TensorInfo): void {
  if (tf.util.sizeFromShape(x.shape) === 0) throw new ShapeError(`${kernel} on webgpu: expected a non-empty x; received ${JSON.stringify(x.shape)}`);
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
  lastAxisChannels(FUSED_KERNEL_NAMES.batchNormStatistics, x!, 0);
  requireRows(FUSED_KERNEL_NAMES.batchNormStatistics, x!);
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
  requireRows(FUSED_KERNEL_NAMES.batchNormGradient, x!);
  const gpu = backend as unknown as WebGpuBackendLike;
  const [offsetGradient, scaleGradient] = channelResults(gpu, 'gradient', [dy!, x!, mean!], x!, [['offsetGradient', []], ['scaleGradient', [variance!]]], epsilon) as [tf.TensorInfo, tf.TensorInfo];
  const count = tf.util.sizeFromShape(x!.shape) / channels;
  const inputGradient = gpu.runWebGPUProgram(createBatchNormInputGradientProgram([...x!.shape]), [dy!, x!, mean!, variance!, scale!, offsetGradient, scaleGradient], 'float32', [
    { type: 'int32', data: [channels] },
    { type: 'float32', data: [count] },
    { type: 'float32', data: [epsilon] },
  ]);
  return [inputGradient, scaleGradient, offsetGradient];
}

/** `FUSED_KERNEL_NAMES.reluGradient`: `{ dy, y }` to `dy · step(y)` in one pass (tfjs's step and multiply are two). */
function reluGradient({ inputs, backend }: KernelArguments): tf.TensorInfo {
  const { dy, y } = inputs as Record<string, tf.TensorInfo | undefined>;
  requireFloat32(FUSED_KERNEL_NAMES.reluGradient, { dy, y });
  requireShapeOf(FUSED_KERNEL_NAMES.reluGradient, dy!, 'y', y!);
  return (backend as unknown as WebGpuBackendLike).runWebGPUProgram(createReluGradientProgram([...y!.shape]), [dy!, y!], 'float32');
}

/**
 * `FUSED_KERNEL_NAMES.runningStatistics`: `{ runningMean, runningVariance, mean, variance }` to the updated pair in two
 * dispatches (the composite ops run six, each with a scalar uploaded).
 */
function runningStatistics({ inputs, attrs, backend }: KernelArguments): tf.TensorInfo[] {
  const { runningMean, runningVariance, mean, variance } = inputs as Record<string, tf.TensorInfo | undefined>;
  requireFloat32(FUSED_KERNEL_NAMES.runningStatistics, { runningMean, runningVariance, mean, variance });
  const channels = lastAxisChannels(FUSED_KERNEL_NAMES.runningStatistics, runningMean!, 0, runningVariance!, mean!, variance!);
  if (runningMean!.shape.length !== 1 || channels === 0) throw new ShapeError(`${FUSED_KERNEL_NAMES.runningStatistics} on webgpu: expected non-empty [C] statistics; received ${JSON.stringify(runningMean!.shape)}`);
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
  for (const [name, tensor] of [['gradient', gradient], ['first', first], ['second', second]] as const) requireSameShape(FUSED_KERNEL_NAMES.adamW, name, tensor!, variable!);
  const uniforms = Array.from(adamWSettings(attrs as unknown as AdamWAttributes), (value) => ({ type: 'float32' as const, data: [value] }));
  const gpu = backend as unknown as WebGpuBackendLike;
  const shape = [...variable!.shape];
  const firstOut = gpu.runWebGPUProgram(createAdamWProgram('first', shape), [first!, gradient!], 'float32', uniforms);
  const secondOut = gpu.runWebGPUProgram(createAdamWProgram('second', shape), [second!, gradient!], 'float32', uniforms);
  const variableOut = gpu.runWebGPUProgram(createAdamWProgram('variable', shape), [variable!, firstOut, secondOut], 'float32', uniforms);
  return [variableOut, firstOut, secondOut];
}

/**
 * The kernels of `FUSED_KERNEL_NAMES` (`@spinedx/core`) the WebGPU backend gets from `registerWebGpuKernels`. None
 * of them needs a gradient: the backbones call them inside their own differentiable ops, the optimizer outside any.
 */
export const WEBGPU_FUSED_KERNEL_FUNCTIONS: Readonly<Record<string, tf.KernelFunc>> = Object.freeze({
  [FUSED_KERNEL_NAMES.batchNormStatistics]: batchNormStatistics,
  [FUSED_KERNEL_NAMES.batchNormGradient]: batchNormGradient,
  [FUSED_KERNEL_NAMES.reluGradient]: reluGradient,
  [FUSED_KERNEL_NAMES.runningStatistics]: runningStatistics,
  [FUSED_KERNEL_NAMES.adamW]: adamW,
});

