import { ShapeError } from '@spinedx/core';
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
