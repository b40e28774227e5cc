import * as tf from '@tensorflow/tfjs-core';
import { createFilterGradientProgram } from './filter-gradient-program';
import { planFilterGradient } from './filter-gradient-plan';
import { createSplitSumProgram } from './split-sum-program';
import type { WebGpuBackendLike } from './webgpu-program';

/** The stock kernel, for the cases our program does not cover. */
export type StockKernel = (args: Parameters<tf.KernelFunc>[0]) => tf.TensorInfo | tf.TensorInfo[];

/**
 * Conv2DBackpropFilter for tfjs's WebGPU backend: a split-K tiled GEMM over the implicit im2col of `x` (see
 * `filter-gradient-program.ts`), then, when the reduction was split, one pass summing the partials. NCHW inputs,
 * non-float32 inputs and empty gradients go to the stock kernel.
 */
export function conv2dBackpropFilterWebGpu(args: Parameters<tf.KernelFunc>[0], stock: StockKernel): tf.TensorInfo | tf.TensorInfo[] {
  const { inputs, attrs } = args;
  const x = inputs.x!;
  const dy = inputs.dy!;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  const format = tf.backend_util.convertConv2DDataFormat(dataFormat);
  if (format !== 'channelsLast' || x.dtype !== 'float32' || dy.dtype !== 'float32' || tf.util.sizeFromShape(dy.shape) === 0) return stock(args);
  const info = tf.backend_util.computeConv2DInfo(x.shape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, false, format);
  const backend = args.backend as unknown as WebGpuBackendLike;
  const rows = info.filterHeight * info.filterWidth * info.inChannels;
  const plan = planFilterGradient(rows, info.outChannels, info.batchSize * info.outHeight * info.outWidth);
  const uniforms = [
    { type: 'int32' as const, data: [info.padInfo.top, info.padInfo.left] },
    { type: 'int32' as const, data: [info.strideHeight, info.strideWidth] },
    { type: 'int32' as const, data: [info.filterHeight, info.filterWidth] },
    { type: 'int32' as const, data: [plan.chunk] },
  ];
  const outputShape = [info.filterHeight, info.filterWidth, info.inChannels, info.outChannels];
  if (plan.splits === 1) {
    return backend.runWebGPUProgram(createFilterGradientProgram(plan, outputShape), [x, dy], 'float32', uniforms);
  }
  const partialShape = [plan.splits, rows, info.outChannels];
  const partials = backend.runWebGPUProgram(createFilterGradientProgram(plan, partialShape), [x, dy], 'float32', uniforms);
  try {
    return backend.runWebGPUProgram(createSplitSumProgram(outputShape), [partials], 'float32', [{ type: 'int32', data: [plan.splits] }]);
  } finally {
    backend.disposeData(partials.dataId);
  }
}
