import * as tf from '@tensorflow/tfjs-core';

/** Whether the active backend registered the fused kernel `name` (one of `FUSED_KERNEL_NAMES` of `@spinedx/core`) and these inputs are float32. */
export function hasFusedKernel(name: string, ...inputs: tf.Tensor[]): boolean {
  return inputs.every((input) => input.dtype === 'float32' && input.size > 0) && tf.getKernel(name, tf.getBackend()) !== undefined;
}

/**
 * Whether the fused kernel `name` can run on the tape now: {@link hasFusedKernel}, and it has a gradient or none is
 * being recorded. (Inside a `tf.customGrad` forward or gradient function nothing is recorded: hasFusedKernel is enough.)
 */
export function canRunFusedKernel(name: string, ...inputs: tf.Tensor[]): boolean {
  return hasFusedKernel(name, ...inputs) && (tf.getGradient(name) !== undefined || tf.engine().state.gradientDepth === 0);
}

/** Runs the fused kernel `name` (check {@link canRunFusedKernel} first); a kernel with several outputs returns an array. */
export function runFusedKernel<T extends tf.Tensor | tf.Tensor[]>(name: string, inputs: tf.NamedTensorMap, attrs: tf.NamedAttrMap = {}): T {
  return tf.engine().runKernel(name, inputs, attrs) as T;
}
