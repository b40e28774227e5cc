import { InvalidArgumentError, ShapeError } from '@spinedx/core';
import type * as tf from '@tensorflow/tfjs-core';

/**
 * The channel count of a normalisation over the last axis of `x` with one value per channel in each parameter:
 * the shape checks every backend's fused normalisation kernels share.
 *
 * @throws ShapeError when a parameter is not `[C]` or epsilon is negative or NaN.
 */
export function lastAxisChannels(kernel: string, x: tf.TensorInfo, epsilon: number, ...parameters: tf.TensorInfo[]): number {
  const channels = x.shape.at(-1);
  if (channels === undefined || parameters.some((parameter) => parameter.shape.length !== 1 || parameter.shape[0] !== channels) || !(epsilon >= 0)) {
    const received = [x, ...parameters].map((tensor) => JSON.stringify(tensor.shape)).join(', ');
    throw new ShapeError(`${kernel}: expected x [..., C], ${parameters.length} parameters of [C] and epsilon >= 0; received ${received} and ${epsilon}`);
  }
  return channels;
}

/** A gradient kernel's `dy` must have the shape of the tensor it is the gradient of. */
export function requireShapeOf(kernel: string, dy: tf.TensorInfo, name: string, tensor: tf.TensorInfo): void {
  if (dy.shape.join() !== tensor.shape.join()) throw new ShapeError(`${kernel}: dy ${JSON.stringify(dy.shape)} must have the shape of ${name} ${JSON.stringify(tensor.shape)}`);
}

/** Element-wise inputs (a parameter and its optimizer state, two addends) must share the first one's shape. */
export function requireSameShape(kernel: string, name: string, tensor: tf.TensorInfo, first: tf.TensorInfo, firstName = 'variable'): void {
  if (tensor.shape.join() !== first.shape.join()) throw new ShapeError(`${kernel}: ${name} ${JSON.stringify(tensor.shape)} must have the shape of ${firstName} ${JSON.stringify(first.shape)}`);
}

/** The attributes of `FUSED_KERNEL_NAMES.adamW`. */
export interface AdamWAttributes {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  weightDecay: number;
  biasCorrection1: number;
  biasCorrection2: number;
}

/**
 * AdamW's scalars as the fused kernels take them, each rounded to float32 as the composite ops' scalar tensors are:
 * [β1, 1 − β1, β2, 1 − β2, ε, 1 − lr·wd, lr, c1, √c2].
 *
 * @throws InvalidArgumentError when an attribute is missing or not finite, or a bias correction is not positive.
 */
export function adamWSettings(attributes: AdamWAttributes): Float32Array {
  const { learningRate, beta1, beta2, epsilon, weightDecay, biasCorrection1, biasCorrection2 } = attributes;
  const values = { learningRate, beta1, beta2, epsilon, weightDecay, biasCorrection1, biasCorrection2 };
  for (const [name, value] of Object.entries(values)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new InvalidArgumentError(`SpinedxAdamW: expected ${name} to be a finite number; received ${String(value)}`);
  }
  if (!(biasCorrection1 > 0 && biasCorrection2 > 0)) throw new InvalidArgumentError(`SpinedxAdamW: expected positive bias corrections; received ${biasCorrection1} and ${biasCorrection2}`);
  return Float32Array.from([beta1, 1 - beta1, beta2, 1 - beta2, epsilon, 1 - learningRate * weightDecay, learningRate, biasCorrection1, Math.sqrt(biasCorrection2)]);
}

/** The running-statistics update's scalars as float32, as the composite ops' scalar tensors: 1 − m, m, m·n/(n − 1). */
export interface RunningStatisticsSettings {
  keep: number;
  momentum: number;
  varianceFactor: number;
}

/**
 * The scalars of `FUSED_KERNEL_NAMES.runningStatistics` from its attributes `{ momentum, count }`.
 *
 * @throws InvalidArgumentError when momentum is outside [0, 1] or count is not a positive integer.
 */
export function runningStatisticsSettings(attributes: { momentum: number; count: number }): RunningStatisticsSettings {
  const { momentum, count } = attributes;
  if (!(momentum >= 0 && momentum <= 1)) throw new InvalidArgumentError(`SpinedxRunningStatistics: expected momentum in [0, 1]; received ${String(momentum)}`);
  if (!(Number.isInteger(count) && count >= 1)) throw new InvalidArgumentError(`SpinedxRunningStatistics: expected count to be a positive integer; received ${String(count)}`);
  return { keep: Math.fround(1 - momentum), momentum: Math.fround(momentum), varianceFactor: Math.fround(count > 1 ? (momentum * count) / (count - 1) : momentum) };
}

/** AdamW's gradient and moments must have the variable's shape. */
export function requireAdamWShapes(kernel: string, inputs: Record<string, tf.TensorInfo | undefined>): void {
  const { variable, gradient, first, second } = inputs;
  for (const [name, tensor] of [['gradient', gradient], ['first', first], ['second', second]] as const) requireSameShape(kernel, name, tensor!, variable!);
}

/**
 * The channel count of a running-statistics update: all four inputs `[C]`, C at least 1.
 *
 * @throws ShapeError otherwise.
 */
export function runningStatisticsChannels(kernel: string, inputs: Record<string, tf.TensorInfo | undefined>): number {
  const { runningMean, runningVariance, mean, variance } = inputs;
  const channels = lastAxisChannels(kernel, runningMean!, 0, runningVariance!, mean!, variance!);
  if (runningMean!.shape.length !== 1 || channels === 0) throw new ShapeError(`${kernel}: expected non-empty [C] statistics; received ${JSON.stringify(runningMean!.shape)}`);
  return channels;
}
