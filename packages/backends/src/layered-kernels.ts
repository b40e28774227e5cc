import type * as tf from '@tensorflow/tfjs-core';

// Kernels that wrap the one registered before them (the native kernels fall back to it). `registerTrainingKernels`
// leaves these in place rather than hiding them under its own.
const layeredKernels = new WeakSet<tf.KernelFunc>();

export function markLayeredKernel(kernelFunc: tf.KernelFunc): void {
  layeredKernels.add(kernelFunc);
}

export function isLayeredKernel(kernelFunc: tf.KernelFunc | undefined): boolean {
  return kernelFunc !== undefined && layeredKernels.has(kernelFunc);
}
