import * as tf from '@tensorflow/tfjs-core';

/**
 * Whether the fused kernel `name` (one of `FUSED_KERNEL_NAMES` of `@spinedx/core`) can run on these float32
 * inputs now: the active backend registered it, and it has a gradient or none is being recorded.
 */
export function canRunFusedKernel(name: string, ...inputs: tf.Tensor[]): boolean {
  return (
    inputs.every((input) => input.dtype === 'float32' && input.size > 0) &&
    tf.getKernel(name, tf.getBackend()) !== undefined &&
    (tf.getGradient(name) !== undefined || tf.engine().state.gradientDepth === 0)
  );
}

/** Runs the fused kernel `name` (check {@link canRunFusedKernel} first); a kernel with several outputs returns an array. */
export function runFusedKernel<T extends tf.Tensor | tf.Tensor[]>(name: string, inputs: tf.NamedTensorMap, attrs: tf.NamedAttrMap = {}): T {
  return tf.engine().runKernel(name, inputs, attrs) as T;
}
