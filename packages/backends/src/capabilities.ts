import * as tf from '@tensorflow/tfjs-core';

/** Names of the TensorFlow.js backends SpineDx knows how to start. */
export type BackendName = 'tensorflow' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';

/** What a backend can do, as documented in this package's README. */
export interface BackendCapability {
  name: BackendName;
  environments: readonly ('node' | 'browser')[];
  inference: boolean;
  training: boolean;
  notes: string;
}

/** The static capability table of every backend (stock TensorFlow.js 4.22 plus this package's kernels). */
export const BACKEND_CAPABILITIES: readonly BackendCapability[] = Object.freeze([
  { name: 'tensorflow', environments: ['node'], inference: true, training: true, notes: 'libtensorflow via @tensorflow/tfjs-node(-gpu); optional peer, installed by the user' },
  { name: 'webgpu', environments: ['node', 'browser'], inference: true, training: true, notes: 'WebGPU in browsers, Dawn (npm webgpu) in Node; naive backprop kernels make training slow' },
  { name: 'webgl', environments: ['browser'], inference: true, training: true, notes: 'WebGL 2 in browsers' },
  { name: 'wasm', environments: ['node', 'browser'], inference: true, training: true, notes: 'XNNPACK SIMD; trains only after registerTrainingKernels() (stock tfjs lacks Conv2DBackpropFilter, depthwise gradients, UnsortedSegmentSum)' },
  { name: 'cpu', environments: ['node', 'browser'], inference: true, training: true, notes: 'pure JavaScript, slow, always available; registerTrainingKernels() speeds up its filter gradient' },
]);

/**
 * Kernels that the backward pass of the SpineDx backbones runs (ResNet, EfficientNet, MViTv2), beyond the
 * forward kernels every backend has.
 */
export const TRAINING_KERNEL_NAMES: readonly string[] = Object.freeze([
  'Conv2DBackpropFilter',
  'Conv2DBackpropInput',
  'DepthwiseConv2dNativeBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput',
  'MaxPoolGrad',
  'AvgPoolGrad',
  'UnsortedSegmentSum',
]);

/** The training kernels of `TRAINING_KERNEL_NAMES` that are not registered for `backendName` right now. */
export function listMissingTrainingKernels(backendName: string): string[] {
  return TRAINING_KERNEL_NAMES.filter((kernelName) => tf.getKernel(kernelName, backendName) === undefined);
}
