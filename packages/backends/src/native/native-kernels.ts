import { FUSED_KERNEL_NAMES, SpineDxError } from '@spinedx/core';
import * as tf from '@tensorflow/tfjs-core';
import { type AdamWAttributes, adamWSettings, lastAxisChannels, requireAdamWShapes, requireSameShape, requireShapeOf, runningStatisticsChannels, runningStatisticsSettings } from '../fused-kernel-checks';
import { FUSED_GRADIENT_KERNEL_NAMES } from '../fused-kernel-gradients';
import { markLayeredKernel } from '../layered-kernels';
import { readFloat32Values } from '../training-kernels/read-values';
import type { FilterCache, NativeAddon } from './native-addon';

type KernelArguments = Parameters<tf.KernelFunc>[0];
type Conv2DInfo = ReturnType<typeof tf.backend_util.computeConv2DInfo>;

/** Backends the native kernels can serve: both keep float32 tensors in memory a Float32Array can view. */
export type NativeKernelBackend = 'wasm' | 'cpu';

// Fused activations and their codes in native/spinedx-native.cc; 'prelu' (a weights tensor) stays with the stock kernel.
const ACTIVATION_CODES: Readonly<Record<string, number>> = { linear: 0, relu: 1, relu6: 2, elu: 3, sigmoid: 4, leakyrelu: 5 };

/** Says that the native kernel does not take these arguments, so the kernel it replaced must run instead. */
class NotForNative extends Error {}

interface HeapBackend extends tf.KernelBackend {
  typedArrayFromHeap(tensor: tf.TensorInfo): Float32Array;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

function isHeapBackend(backend: tf.KernelBackend): backend is HeapBackend {
  return typeof (backend as Partial<HeapBackend>).typedArrayFromHeap === 'function' && typeof (backend as Partial<HeapBackend>).makeOutput === 'function';
}

/**
 * Runs `fill` on Float32Array views of `inputs` and of new float32 outputs of `shapes`. On wasm the views are its
 * heap, all taken after the outputs are allocated and the inputs moved onto it (either may grow the heap, which
 * detaches views taken before); on cpu the inputs' own arrays and new ones.
 */
function withOutputs(backend: tf.KernelBackend, shapes: number[][], inputs: readonly tf.TensorInfo[], fill: (outputs: Float32Array[], ...views: Float32Array[]) => void): tf.TensorInfo[] {
  if (isHeapBackend(backend)) {
    const outputs = shapes.map((shape) => backend.makeOutput(shape, 'float32'));
    try {
      const inputViews = readFloat32Values(backend, inputs);
      fill(outputs.map((output) => backend.typedArrayFromHeap(output)), ...inputViews);
    } catch (error) {
      for (const output of outputs) backend.disposeData(output.dataId);
      throw error;
    }
    return outputs;
  }
  const values = shapes.map((shape) => uninitializedFloat32Array(tf.util.sizeFromShape(shape)));
  fill(values, ...inputs.map((input) => float32ValuesOf(backend, input)));
  const maker = backend as tf.KernelBackend & { makeTensorInfo(shape: number[], dtype: tf.DataType, values: Float32Array): tf.TensorInfo };
  return shapes.map((shape, index) => maker.makeTensorInfo(shape, 'float32', values[index]!));
}

/**
 * A Float32Array whose memory is not zero-filled first (Node's unpooled Buffer memory, malloc rather than calloc):
 * every native kernel writes each of its output values, and zero-filling a large output took as long as the
 * addition that then fills it (6.4 ms for 39 MB, against 8.7 ms for the addition).
 */
function uninitializedFloat32Array(length: number): Float32Array {
  const bytes = Buffer.allocUnsafeSlow(length * Float32Array.BYTES_PER_ELEMENT);
  return new Float32Array(bytes.buffer, bytes.byteOffset, length);
}

/**
 * A cpu-backend tensor's values as a Float32Array. Some cpu kernels leave a float32 result in another array type
 * (a cast from int32 keeps its Int32Array); the addon takes Float32Arrays only, so those are copied.
 */
function float32ValuesOf(backend: tf.KernelBackend, tensor: tf.TensorInfo): Float32Array {
  const values = backend.readSync(tensor.dataId);
  return values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
}

/** {@link withOutputs} for a kernel with one output. */
function withViews(backend: tf.KernelBackend, shape: number[], inputs: readonly tf.TensorInfo[], fill: (output: Float32Array, ...views: Float32Array[]) => void): tf.TensorInfo {
  return withOutputs(backend, [shape], inputs, ([output], ...views) => fill(output!, ...views))[0]!;
}

function requireFloat32(...tensors: (tf.TensorInfo | undefined)[]): void {
  for (const tensor of tensors) {
    if (tensor !== undefined && (tensor.dtype !== 'float32' || tf.util.sizeFromShape(tensor.shape) === 0)) throw new NotForNative();
  }
}

function requireChannelsLast(dataFormat: string | undefined): void {
  if (dataFormat !== undefined && dataFormat !== 'NHWC' && dataFormat !== 'channelsLast') throw new NotForNative();
}

/**
 * Declines geometries whose output size does not follow from input, filter, stride, dilation and padding: tfjs sizes
 * the output of numeric padding from the filter height and stride height alone, and where that disagrees with the
 * width only the stock kernel reproduces its result.
 */
function requireConsistentSize(info: Conv2DInfo): void {
  const { padInfo } = info;
  const outputSize = (input: number, filter: number, dilation: number, stride: number, padding: number) => Math.floor((input + padding - ((filter - 1) * dilation + 1)) / stride) + 1;
  if (
    outputSize(info.inHeight, info.filterHeight, info.dilationHeight, info.strideHeight, padInfo.top + padInfo.bottom) !== info.outHeight ||
    outputSize(info.inWidth, info.filterWidth, info.dilationWidth, info.strideWidth, padInfo.left + padInfo.right) !== info.outWidth
  ) {
    throw new NotForNative();
  }
}

/** The convolution geometry array of native/spinedx-native.cc from tfjs's convolution info. */
function geometryOf(info: Conv2DInfo, depthwise: boolean): number[] {
  requireConsistentSize(info);
  const { padInfo } = info;
  return [
    info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth, info.outChannels,
    info.filterHeight, info.filterWidth, depthwise ? info.inChannels : 1, info.strideHeight, info.strideWidth,
    info.dilationHeight, info.dilationWidth, padInfo.top, padInfo.bottom, padInfo.left, padInfo.right,
  ];
}

function activationOf(attrs: { activation?: string; leakyreluAlpha?: number }, preluWeights: tf.TensorInfo | undefined): [number, number] {
  const code = ACTIVATION_CODES[attrs.activation ?? 'linear'];
  if (code === undefined || preluWeights !== undefined) throw new NotForNative();
  return [code, attrs.leakyreluAlpha ?? 0.2];
}

/** A fused bias the native kernel takes: one value per output channel (tfjs also allows other broadcasts). */
function requireChannelBias(bias: tf.TensorInfo | undefined, channels: number): void {
  if (bias === undefined) return;
  requireFloat32(bias);
  if (tf.util.sizeFromShape(bias.shape) !== channels || bias.shape[bias.shape.length - 1] !== channels) throw new NotForNative();
}

// Filters seen once, and the reordered copy of those seen again, by tfjs data id (whose values never change). A
// model in evaluation reuses its filter tensors call after call; a training step makes new ones each time, so a
// filter is copied only from its second forward use on. Both go when V8 collects the data id.
const filterUses = new WeakMap<object, FilterCache | 'seen once'>();

function filterCacheOf(addon: NativeAddon, filter: tf.TensorInfo): FilterCache | null {
  const use = filterUses.get(filter.dataId);
  if (use === undefined) {
    filterUses.set(filter.dataId, 'seen once');
    return null;
  }
  if (use !== 'seen once') return use;
  const cache = addon.createFilterCache();
  filterUses.set(filter.dataId, cache);
  return cache;
}

function forwardConvolution(addon: NativeAddon, { inputs, attrs, backend }: KernelArguments, depthwise: boolean): tf.TensorInfo {
  const { x, filter, bias, preluActivationWeights } = inputs as Record<string, tf.TensorInfo | undefined>;
  const attributes = attrs as unknown as tf.FusedConv2DAttrs;
  requireFloat32(x, filter);
  requireChannelsLast(attributes.dataFormat);
  const [activation, alpha] = activationOf(attributes, preluActivationWeights);
  const info = tf.backend_util.computeConv2DInfo(x!.shape as [number, number, number, number], filter!.shape as [number, number, number, number], attributes.strides, attributes.dilations ?? 1, attributes.pad, attributes.dimRoundingMode, depthwise);
  requireChannelBias(bias, info.outChannels);
  const tensors = bias === undefined ? [x!, filter!] : [x!, filter!, bias];
  return withViews(backend as tf.KernelBackend, [...info.outShape], tensors, (output, input, filterValues, biasValues) =>
    addon.convolutionForward(geometryOf(info, depthwise), input!, filterValues!, biasValues ?? null, activation, alpha, output, filterCacheOf(addon, filter!)));
}

function inputGradient(addon: NativeAddon, { inputs, attrs, backend }: KernelArguments, depthwise: boolean): tf.TensorInfo {
  const { dy, filter } = inputs as Record<string, tf.TensorInfo>;
  const attributes = attrs as unknown as tf.Conv2DBackpropInputAttrs & { dilations?: number | [number, number] };
  requireFloat32(dy, filter);
  requireChannelsLast(attributes.dataFormat);
  const inputShape = [...attributes.inputShape] as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(inputShape, filter!.shape as [number, number, number, number], attributes.strides, attributes.dilations ?? 1, attributes.pad, attributes.dimRoundingMode, depthwise);
  return withViews(backend as tf.KernelBackend, inputShape, [dy!, filter!], (output, gradient, filterValues) =>
    addon.convolutionBackwardData(geometryOf(info, depthwise), gradient!, filterValues!, output));
}

function filterGradient(addon: NativeAddon, { inputs, attrs, backend }: KernelArguments, depthwise: boolean): tf.TensorInfo {
  const { x, dy } = inputs as Record<string, tf.TensorInfo>;
  const attributes = attrs as unknown as tf.Conv2DBackpropFilterAttrs & { dilations?: number | [number, number] };
  requireFloat32(x, dy);
  requireChannelsLast(attributes.dataFormat);
  const filterShape = [...attributes.filterShape] as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(x!.shape as [number, number, number, number], filterShape, attributes.strides, attributes.dilations ?? 1, attributes.pad, attributes.dimRoundingMode, depthwise);
  return withViews(backend as tf.KernelBackend, filterShape, [x!, dy!], (output, input, gradient) =>
    addon.convolutionBackwardFilter(geometryOf(info, depthwise), input!, gradient!, output));
}

function matrixProduct(addon: NativeAddon, { inputs, attrs, backend }: KernelArguments): tf.TensorInfo {
  const { a, b, bias, preluActivationWeights } = inputs as Record<string, tf.TensorInfo | undefined>;
  const attributes = attrs as unknown as tf.BatchMatMulAttrs & { activation?: string; leakyreluAlpha?: number };
  requireFloat32(a, b);
  const [activation, alpha] = activationOf(attributes, preluActivationWeights);
  const rankA = a!.shape.length;
  const rankB = b!.shape.length;
  const rows = attributes.transposeA ? a!.shape[rankA - 1]! : a!.shape[rankA - 2]!;
  const inner = attributes.transposeA ? a!.shape[rankA - 2]! : a!.shape[rankA - 1]!;
  const columns = attributes.transposeB ? b!.shape[rankB - 2]! : b!.shape[rankB - 1]!;
  const innerB = attributes.transposeB ? b!.shape[rankB - 1]! : b!.shape[rankB - 2]!;
  if (inner !== innerB) throw new NotForNative(); // the stock kernel reports the mismatch in its own words
  const outerA = a!.shape.slice(0, -2);
  const outerB = b!.shape.slice(0, -2);
  const batchA = tf.util.sizeFromShape(outerA);
  const batchB = tf.util.sizeFromShape(outerB);
  // One batch axis broadcast against another of size 1, or equal batch shapes; anything else stays stock.
  if (batchA !== batchB && batchA !== 1 && batchB !== 1) throw new NotForNative();
  if (batchA === batchB && !tf.util.arraysEqual(outerA, outerB) && batchA !== 1) throw new NotForNative();
  requireChannelBias(bias, columns);
  const outer = tf.backend_util.assertAndGetBroadcastShape(outerA, outerB);
  const tensors = bias === undefined ? [a!, b!] : [a!, b!, bias];
  const dimensions = [batchA, batchB, rows, inner, columns, attributes.transposeA ? 1 : 0, attributes.transposeB ? 1 : 0];
  return withViews(backend as tf.KernelBackend, [...outer, rows, columns], tensors, (output, aValues, bValues, biasValues) =>
    addon.matrixProduct(dimensions, aValues!, bValues!, biasValues ?? null, activation, alpha, output));
}

/** Sum or mean over one contiguous run of axes, viewed as [outer, reduced, inner] -> [outer, inner]. */
function reduction(addon: NativeAddon, { inputs, attrs, backend }: KernelArguments, mean: boolean): tf.TensorInfo {
  const { x } = inputs as Record<string, tf.TensorInfo>;
  const { axis, keepDims } = attrs as unknown as tf.SumAttrs;
  requireFloat32(x);
  const shape = x!.shape;
  const axes = tf.util.parseAxisParam(axis, shape).sort((a, b) => a - b);
  if (axes.length === 0 || axes.some((value, index) => index > 0 && value !== axes[index - 1]! + 1)) throw new NotForNative();
  const first = axes[0]!;
  const last = axes.at(-1)!;
  const outer = tf.util.sizeFromShape(shape.slice(0, first));
  const reduced = tf.util.sizeFromShape(shape.slice(first, last + 1));
  const inner = tf.util.sizeFromShape(shape.slice(last + 1));
  const outputShape = keepDims ? shape.map((size, index) => (axes.includes(index) ? 1 : size)) : shape.filter((_, index) => !axes.includes(index));
  return withViews(backend as tf.KernelBackend, outputShape, [x!], (output, input) => addon.reduceSum([outer, reduced, inner], input!, mean ? 1 / reduced : 1, output));
}

function batchNormalization(addon: NativeAddon, { inputs, attrs, backend }: KernelArguments): tf.TensorInfo {
  const { x, mean, variance, offset, scale } = inputs as Record<string, tf.TensorInfo | undefined>;
  const { varianceEpsilon } = attrs as unknown as tf.FusedBatchNormAttrs;
  requireFloat32(x, mean, variance, offset, scale);
  const channels = x!.shape.at(-1)!;
  // One value per channel of the last axis; other broadcasts stay stock.
  for (const parameter of [mean, variance, offset, scale]) {
    if (parameter !== undefined && (tf.util.sizeFromShape(parameter.shape) !== channels || parameter.shape.at(-1) !== channels)) throw new NotForNative();
  }
  const tensors = [x!, mean!, variance!, ...(offset === undefined ? [] : [offset]), ...(scale === undefined ? [] : [scale])];
  return withViews(backend as tf.KernelBackend, [...x!.shape], tensors, (output, input, meanValues, varianceValues, ...rest) => {
    const offsetValues = offset === undefined ? null : rest[0]!;
    const scaleValues = scale === undefined ? null : rest[offset === undefined ? 0 : 1]!;
    addon.batchNormalize(channels, input!, meanValues!, varianceValues!, offsetValues, scaleValues, varianceEpsilon ?? 0.001, output);
  });
}

/** The addon's pooling geometry of a max pool over `shape` (NHWC). */
function poolGeometry(shape: readonly number[], { filterSize, strides, pad, dimRoundingMode }: tf.MaxPoolAttrs): { geometry: number[]; outShape: number[] } {
  const info = tf.backend_util.computePool2DInfo(shape as [number, number, number, number], filterSize, strides, 1, pad, dimRoundingMode);
  requireConsistentSize(info);
  const geometry = [info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth, info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.padInfo.top, info.padInfo.left];
  return { geometry, outShape: [...info.outShape] };
}

function maxPooling(addon: NativeAddon, { inputs, attrs, backend }: KernelArguments): tf.TensorInfo {
  const { x } = inputs as Record<string, tf.TensorInfo>;
  requireFloat32(x);
  const { geometry, outShape } = poolGeometry(x!.shape, attrs as unknown as tf.MaxPoolAttrs);
  return withViews(backend as tf.KernelBackend, outShape, [x!], (output, input) => addon.maxPool(geometry, input!, output));
}

function maxPoolGradient(addon: NativeAddon, { inputs, attrs, backend }: KernelArguments): tf.TensorInfo {
  const { dy, input } = inputs as Record<string, tf.TensorInfo>;
  requireFloat32(dy, input);
  const { geometry } = poolGeometry(input!.shape, attrs as unknown as tf.MaxPoolGradAttrs);
  return withViews(backend as tf.KernelBackend, [...input!.shape], [input!, dy!], (output, inputValues, gradient) => addon.maxPoolGradient(geometry, inputValues!, gradient!, output));
}

/** Each operand's element strides along the output's axes, 0 where it repeats (any broadcast of ranks 1 to 8). */
function broadcastStrides(shape: readonly number[], outputShape: readonly number[]): number[] {
  const aligned = [...new Array<number>(outputShape.length - shape.length).fill(1), ...shape];
  const strides = new Array<number>(aligned.length).fill(0);
  let stride = 1;
  for (let axis = aligned.length - 1; axis >= 0; axis--) {
    strides[axis] = aligned[axis] === 1 ? 0 : stride;
    stride *= aligned[axis]!;
  }
  return strides;
}

function binaryOperation(addon: NativeAddon, { inputs, backend }: KernelArguments, code: number): tf.TensorInfo {
  const { a, b } = inputs as Record<string, tf.TensorInfo>;
  requireFloat32(a, b);
  const outputShape = tf.backend_util.assertAndGetBroadcastShape(a!.shape, b!.shape);
  if (outputShape.length > 8) throw new NotForNative();
  // A scalar result is a one-value row for the addon (it coalesces any shape into as few rows as it can).
  const rowShape = outputShape.length === 0 ? [1] : outputShape;
  const [aStrides, bStrides] = [broadcastStrides(a!.shape, rowShape), broadcastStrides(b!.shape, rowShape)];
  return withViews(backend as tf.KernelBackend, outputShape, [a!, b!], (output, aValues, bValues) =>
    addon.binaryOperation(code, rowShape, aStrides, bStrides, aValues!, bValues!, output));
}

/** The int32 values of an index tensor, or NotForNative when the backend keeps them in another array type. */
function int32ValuesOf(backend: tf.KernelBackend, tensor: tf.TensorInfo): Int32Array {
  const values = backend.readSync(tensor.dataId);
  if (!(values instanceof Int32Array)) throw new NotForNative();
  return values;
}

function gathering(addon: NativeAddon, { inputs, attrs, backend }: KernelArguments): tf.TensorInfo {
  const { x, indices } = inputs as Record<string, tf.TensorInfo>;
  const { axis, batchDims } = attrs as unknown as tf.GatherV2Attrs;
  requireFloat32(x);
  if (indices!.dtype !== 'int32' || (batchDims ?? 0) !== 0 || tf.util.sizeFromShape(indices!.shape) === 0) throw new NotForNative();
  const shape = x!.shape;
  const gatherAxis = tf.util.parseAxisParam(axis, shape)[0]!;
  const view: [number, number, number] = [tf.util.sizeFromShape(shape.slice(0, gatherAxis)), shape[gatherAxis]!, tf.util.sizeFromShape(shape.slice(gatherAxis + 1))];
  const outputShape = [...shape.slice(0, gatherAxis), ...indices!.shape, ...shape.slice(gatherAxis + 1)];
  const indexValues = int32ValuesOf(backend as tf.KernelBackend, indices!);
  // An index out of range is the stock kernel's to report, in its own words.
  if (indexValues.some((index) => index < 0 || index >= view[1])) throw new NotForNative();
  return withViews(backend as tf.KernelBackend, outputShape, [x!], (output, input) => addon.gather(view, input!, indexValues, output));
}

function transposition(addon: NativeAddon, { inputs, attrs, backend }: KernelArguments): tf.TensorInfo {
  const { x } = inputs as Record<string, tf.TensorInfo>;
  const { perm } = attrs as unknown as tf.TransposeAttrs;
  requireFloat32(x);
  if (x!.shape.length === 0 || x!.shape.length > 8) throw new NotForNative();
  return withViews(backend as tf.KernelBackend, perm.map((axis) => x!.shape[axis]!), [x!], (output, input) => addon.transpose([...x!.shape], [...perm], input!, output));
}

function unstacking(addon: NativeAddon, { inputs, attrs, backend }: KernelArguments): tf.TensorInfo[] {
  const { value } = inputs as Record<string, tf.TensorInfo>;
  requireFloat32(value);
  const shape = value!.shape;
  const axis = tf.util.parseAxisParam((attrs as unknown as tf.UnpackAttrs).axis, shape)[0]!;
  const count = shape[axis]!;
  const outputShape = shape.filter((_, index) => index !== axis);
  const view: [number, number, number] = [tf.util.sizeFromShape(shape.slice(0, axis)), count, tf.util.sizeFromShape(shape.slice(axis + 1))];
  return withOutputs(backend as tf.KernelBackend, Array.from({ length: count }, () => outputShape), [value!], (outputs, input) => addon.unstack(view, input!, outputs));
}

function stacking(addon: NativeAddon, { inputs, attrs, backend }: KernelArguments): tf.TensorInfo {
  const tensors = inputs as unknown as tf.TensorInfo[];
  requireFloat32(...tensors);
  const shape = tensors[0]?.shape ?? [];
  // One tensor (a reshape) and unequal shapes (an error) stay with the stock kernel.
  if (tensors.length < 2 || tensors.some((tensor) => tensor.shape.join() !== shape.join())) throw new NotForNative();
  const { axis } = attrs as unknown as tf.PackAttrs;
  const at = axis < 0 ? axis + shape.length + 1 : axis;
  if (!Number.isInteger(at) || at < 0 || at > shape.length) throw new NotForNative();
  const view: [number, number, number] = [tf.util.sizeFromShape(shape.slice(0, at)), tensors.length, tf.util.sizeFromShape(shape.slice(at))];
  return withViews(backend as tf.KernelBackend, [...shape.slice(0, at), tensors.length, ...shape.slice(at)], tensors, (output, ...views) => addon.stack(view, views, output));
}

function unaryOperation(addon: NativeAddon, { inputs, attrs, backend }: KernelArguments, code: number): tf.TensorInfo {
  const { x } = inputs as Record<string, tf.TensorInfo>;
  requireFloat32(x);
  const alpha = (attrs as { alpha?: number } | undefined)?.alpha ?? 0;
  return withViews(backend as tf.KernelBackend, [...x!.shape], [x!], (output, input) => addon.unaryOperation(code, input!, alpha, output));
}

function softmax(addon: NativeAddon, { inputs, attrs, backend }: KernelArguments): tf.TensorInfo {
  const { logits } = inputs as Record<string, tf.TensorInfo>;
  const { dim } = attrs as unknown as tf.SoftmaxAttrs;
  requireFloat32(logits);
  const shape = logits!.shape;
  if (shape.length === 0 || (dim !== -1 && dim !== shape.length - 1)) throw new NotForNative();
  return withViews(backend as tf.KernelBackend, [...shape], [logits!], (output, input) => addon.softmax(tf.util.sizeFromShape(shape.slice(0, -1)), input!, output));
}


/** {@link lastAxisChannels} of float32 tensors (others go to the replaced kernel). */
function nativeLastAxisChannels(kernel: string, x: tf.TensorInfo, epsilon: number, ...parameters: tf.TensorInfo[]): number {
  requireFloat32(x, ...parameters);
  return lastAxisChannels(kernel, x, epsilon, ...parameters);
}

/** The fused LayerNorm of {@link FUSED_KERNEL_NAMES}: over the last axis, weight and bias one value per channel. */
function layerNormalization(addon: NativeAddon, { inputs, attrs, backend }: KernelArguments): tf.TensorInfo {
  const { x, weight, bias } = inputs as Record<string, tf.TensorInfo>;
  const { epsilon } = attrs as { epsilon: number };
  const channels = nativeLastAxisChannels(FUSED_KERNEL_NAMES.layerNorm, x!, epsilon, weight!, bias!);
  return withViews(backend as tf.KernelBackend, [...x!.shape], [x!, weight!, bias!], (output, input, weightValues, biasValues) =>
    addon.layerNorm(channels, input!, weightValues!, biasValues!, epsilon, output));
}

/** Its backward pass: `{ dy, x, weight }` to `[dx, dweight, dbias]`. */
function layerNormalizationGradient(addon: NativeAddon, { inputs, attrs, backend }: KernelArguments): tf.TensorInfo[] {
  const { dy, x, weight } = inputs as Record<string, tf.TensorInfo>;
  const { epsilon } = attrs as { epsilon: number };
  const channels = nativeLastAxisChannels(FUSED_GRADIENT_KERNEL_NAMES.layerNorm, x!, epsilon, weight!);
  requireShapeOf(FUSED_GRADIENT_KERNEL_NAMES.layerNorm, dy!, 'x', x!);
  return withOutputs(backend as tf.KernelBackend, [[...x!.shape], [channels], [channels]], [dy!, x!, weight!], ([dx, dweight, dbias], gradient, input, weightValues) =>
    addon.layerNormGradient(channels, gradient!, input!, weightValues!, epsilon, dx!, dweight!, dbias!));
}

/** The training batch norm's statistics of {@link FUSED_KERNEL_NAMES}: `{ x }` to `[mean, variance]` over all axes but the last. */
function batchNormalizationStatistics(addon: NativeAddon, { inputs, backend }: KernelArguments): tf.TensorInfo[] {
  const { x } = inputs as Record<string, tf.TensorInfo>;
  const channels = nativeLastAxisChannels(FUSED_KERNEL_NAMES.batchNormStatistics, x!, 0);
  return withOutputs(backend as tf.KernelBackend, [[channels], [channels]], [x!], ([mean, variance], input) => addon.batchNormStatistics(channels, input!, mean!, variance!));
}

/** The training batch norm's backward pass of {@link FUSED_KERNEL_NAMES}: `{ dy, x, mean, variance, scale }` to `[dx, dscale, doffset]`. */
function batchNormalizationGradient(addon: NativeAddon, { inputs, attrs, backend }: KernelArguments): tf.TensorInfo[] {
  const { dy, x, mean, variance, scale } = inputs as Record<string, tf.TensorInfo>;
  const { epsilon } = attrs as { epsilon: number };
  const channels = nativeLastAxisChannels(FUSED_KERNEL_NAMES.batchNormGradient, x!, epsilon, mean!, variance!, scale!);
  requireShapeOf(FUSED_KERNEL_NAMES.batchNormGradient, dy!, 'x', x!);
  return withOutputs(backend as tf.KernelBackend, [[...x!.shape], [channels], [channels]], [dy!, x!, mean!, variance!, scale!], ([dx, dscale, doffset], ...views) =>
    addon.batchNormGradient(channels, views[0]!, views[1]!, views[2]!, views[3]!, views[4]!, epsilon, dx!, dscale!, doffset!));
}

/**
 * The running-statistics update of {@link FUSED_KERNEL_NAMES}: `{ runningMean, runningVariance, mean, variance }` to
 * the two updated `[C]` statistics, in JS (C values: a call into the addon would cost more than the loop), rounding
 * each product and sum to float32 as the composite ops do.
 */
function runningStatisticsUpdate(_addon: NativeAddon, { inputs, attrs, backend }: KernelArguments): tf.TensorInfo[] {
  const { runningMean, runningVariance, mean, variance } = inputs as Record<string, tf.TensorInfo>;
  requireFloat32(runningMean, runningVariance, mean, variance);
  const channels = runningStatisticsChannels(FUSED_KERNEL_NAMES.runningStatistics, inputs as Record<string, tf.TensorInfo>);
  const { keep, momentum, varianceFactor } = runningStatisticsSettings(attrs as unknown as { momentum: number; count: number });
  const lerp = (running: Float32Array, batch: Float32Array, factor: number, output: Float32Array) => {
    for (let c = 0; c < channels; c++) output[c] = Math.fround(Math.fround(running[c]! * keep) + Math.fround(batch[c]! * factor));
  };
  return withOutputs(backend as tf.KernelBackend, [[channels], [channels]], [runningMean!, runningVariance!, mean!, variance!], ([nextMean, nextVariance], ...views) => {
    lerp(views[0]!, views[2]!, momentum, nextMean!);
    lerp(views[1]!, views[3]!, varianceFactor, nextVariance!);
  });
}

/** AdamW's one-pass update of {@link FUSED_KERNEL_NAMES}: `{ variable, gradient, first, second }` to `[variable', first', second']`. */
function adamWUpdate(addon: NativeAddon, { inputs, attrs, backend }: KernelArguments): tf.TensorInfo[] {
  const { variable, gradient, first, second } = inputs as Record<string, tf.TensorInfo>;
  requireFloat32(variable, gradient, first, second);
  requireAdamWShapes(FUSED_KERNEL_NAMES.adamW, inputs as Record<string, tf.TensorInfo>);
  const settings = adamWSettings(attrs as unknown as AdamWAttributes);
  const shape = [...variable!.shape];
  return withOutputs(backend as tf.KernelBackend, [shape, shape, shape], [variable!, gradient!, first!, second!], ([variableOut, firstOut, secondOut], ...views) =>
    addon.adamW(views[0]!, views[1]!, views[2]!, views[3]!, settings, variableOut!, firstOut!, secondOut!));
}

function slicing(addon: NativeAddon, { inputs, attrs, backend }: KernelArguments): tf.TensorInfo {
  const { x } = inputs as Record<string, tf.TensorInfo>;
  const { begin, size } = attrs as unknown as tf.SliceAttrs;
  requireFloat32(x);
  const [start, extent] = tf.slice_util.parseSliceParams(x as tf.TensorInfo as tf.Tensor, begin, size) as [number[], number[]];
  if (x!.shape.length === 0 || x!.shape.length > 8 || extent.some((length) => length < 1)) throw new NotForNative();
  return withViews(backend as tf.KernelBackend, extent, [x!], (output, input) => addon.slice([...x!.shape], start, extent, input!, output));
}

function segmentSum(addon: NativeAddon, { inputs, attrs, backend }: KernelArguments): tf.TensorInfo {
  const { x, segmentIds } = inputs as Record<string, tf.TensorInfo>;
  const { numSegments } = attrs as unknown as tf.UnsortedSegmentSumAttrs;
  requireFloat32(x);
  const idRank = segmentIds!.shape.length;
  // One id per row of the first axis, as the stock kernels take them (a gather's gradient flattens its indices).
  if (segmentIds!.dtype !== 'int32' || numSegments < 1 || idRank !== 1 || x!.shape[0] !== segmentIds!.shape[0]) throw new NotForNative();
  const innerShape = x!.shape.slice(idRank);
  const ids = int32ValuesOf(backend as tf.KernelBackend, segmentIds!);
  return withViews(backend as tf.KernelBackend, [numSegments, ...innerShape], [x!], (output, input) =>
    addon.unsortedSegmentSum(tf.util.sizeFromShape(innerShape), input!, ids, numSegments, output));
}

function padding(addon: NativeAddon, { inputs, attrs, backend }: KernelArguments): tf.TensorInfo {
  const { x } = inputs as Record<string, tf.TensorInfo>;
  const { paddings, constantValue } = attrs as unknown as tf.PadV2Attrs;
  requireFloat32(x);
  const shape = x!.shape;
  if (shape.length === 0 || shape.length > 8 || paddings.some(([low, high]) => low! < 0 || high! < 0)) throw new NotForNative();
  const before = paddings.map(([low]) => low!);
  const outputShape = shape.map((size, axis) => size + paddings[axis]![0]! + paddings[axis]![1]!);
  return withViews(backend as tf.KernelBackend, outputShape, [x!], (output, input) => addon.pad([...shape], before, outputShape, constantValue, input!, output));
}

type NativeKernel = (addon: NativeAddon, args: KernelArguments) => tf.TensorInfo | tf.TensorInfo[];

// Codes of binaryOperation and unaryOperation in native/spinedx-native.cc.
const binary = (code: number): NativeKernel => (addon, args) => binaryOperation(addon, args, code);
const unary = (code: number): NativeKernel => (addon, args) => unaryOperation(addon, args, code);

/** An activation's gradient kernel `{ dy, [saved]: x or y }` of one shape, as binaryOperation `code`. */
function activationGradient(name: string, saved: 'x' | 'y', code: number): NativeKernel {
  return (addon, { inputs, attrs, backend }) => {
    const dy = inputs.dy as tf.TensorInfo;
    const other = inputs[saved] as tf.TensorInfo;
    requireShapeOf(name, dy, saved, other);
    return binaryOperation(addon, { inputs: { a: dy, b: other }, attrs, backend }, code);
  };
}

/** `FUSED_KERNEL_NAMES.addRelu`: `relu(a + b)` of two tensors of one shape in one pass (binary code 8). */
function addRelu(addon: NativeAddon, { inputs, attrs, backend }: KernelArguments): tf.TensorInfo {
  const { a, b } = inputs as Record<string, tf.TensorInfo>;
  requireSameShape(FUSED_KERNEL_NAMES.addRelu, 'b', b!, a!, 'a');
  return binaryOperation(addon, { inputs: { a: a!, b: b! }, attrs, backend }, 8);
}

/** Every kernel the addon serves, by tfjs kernel name. */
const NATIVE_KERNEL_FUNCTIONS: Readonly<Record<string, NativeKernel>> = {
  // oneDNN
  Conv2D: (addon, args) => forwardConvolution(addon, args, false),
  FusedConv2D: (addon, args) => forwardConvolution(addon, args, false),
  DepthwiseConv2dNative: (addon, args) => forwardConvolution(addon, args, true),
  FusedDepthwiseConv2D: (addon, args) => forwardConvolution(addon, args, true),
  Conv2DBackpropInput: (addon, args) => inputGradient(addon, args, false),
  Conv2DBackpropFilter: (addon, args) => filterGradient(addon, args, false),
  DepthwiseConv2dNativeBackpropInput: (addon, args) => inputGradient(addon, args, true),
  DepthwiseConv2dNativeBackpropFilter: (addon, args) => filterGradient(addon, args, true),
  BatchMatMul: matrixProduct,
  _FusedMatMul: matrixProduct,
  // reductions and normalisation
  Sum: (addon, args) => reduction(addon, args, false),
  Mean: (addon, args) => reduction(addon, args, true),
  FusedBatchNorm: batchNormalization,
  [FUSED_KERNEL_NAMES.batchNormStatistics]: batchNormalizationStatistics,
  [FUSED_KERNEL_NAMES.batchNormGradient]: batchNormalizationGradient,
  [FUSED_KERNEL_NAMES.layerNorm]: layerNormalization,
  [FUSED_KERNEL_NAMES.adamW]: adamWUpdate,
  [FUSED_KERNEL_NAMES.runningStatistics]: runningStatisticsUpdate,
  [FUSED_GRADIENT_KERNEL_NAMES.layerNorm]: layerNormalizationGradient,
  Softmax: softmax,
  MaxPool: maxPooling,
  MaxPoolGrad: maxPoolGradient,
  // element-wise
  Add: binary(0),
  Sub: binary(1),
  Multiply: binary(2),
  RealDiv: binary(3),
  SquaredDifference: binary(4),
  [FUSED_GRADIENT_KERNEL_NAMES.gelu]: activationGradient(FUSED_GRADIENT_KERNEL_NAMES.gelu, 'x', 5),
  [FUSED_KERNEL_NAMES.reluGradient]: activationGradient(FUSED_KERNEL_NAMES.reluGradient, 'y', 6),
  [FUSED_KERNEL_NAMES.addRelu]: addRelu,
  [FUSED_GRADIENT_KERNEL_NAMES.silu]: activationGradient(FUSED_GRADIENT_KERNEL_NAMES.silu, 'x', 7),
  Relu: unary(0),
  Step: unary(1),
  Neg: unary(2),
  Exp: unary(3),
  Square: unary(4),
  Sigmoid: unary(5),
  Erf: unary(6),
  [FUSED_KERNEL_NAMES.gelu]: unary(7),
  [FUSED_KERNEL_NAMES.silu]: unary(8),
  // data movement
  Transpose: transposition,
  Unpack: unstacking,
  Pack: stacking,
  GatherV2: gathering,
  Slice: slicing,
  PadV2: padding,
  UnsortedSegmentSum: segmentSum,
};

/** The tfjs kernels `registerNativeKernels` replaces. */
export const NATIVE_KERNELS: readonly string[] = Object.freeze(Object.keys(NATIVE_KERNEL_FUNCTIONS));

/** Error codes the addon throws when oneDNN has no implementation for a case (then the replaced kernel runs). */
const UNSUPPORTED_CODE = 'SPINEDX_NATIVE_UNSUPPORTED';

/**
 * A tfjs kernel function that runs `kernel` on the addon and hands anything it does not take (other dtypes,
 * channels-first, PReLU, ranks above 8, cases oneDNN lacks) to `replaced`, the kernel registered before.
 */
export function nativeKernelFunction(addon: NativeAddon, name: string, replaced: tf.KernelFunc | undefined): tf.KernelFunc {
  const kernel = NATIVE_KERNEL_FUNCTIONS[name];
  if (kernel === undefined) throw new SpineDxError(`no native kernel named '${name}'`, { code: 'INVALID_ARGUMENT' });
  const kernelFunc: tf.KernelFunc = (args) => {
    try {
      return kernel(addon, args);
    } catch (error) {
      const declined = error instanceof NotForNative || (error as { code?: unknown }).code === UNSUPPORTED_CODE;
      if (!declined) throw error;
      if (replaced === undefined) throw new SpineDxError(`the native ${name} kernel cannot run these arguments and no other ${name} kernel was registered`, { code: 'KERNEL_UNAVAILABLE', cause: error });
      return replaced(args);
    }
  };
  markLayeredKernel(kernelFunc);
  return kernelFunc;
}
