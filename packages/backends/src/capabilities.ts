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

/** The capability table of every backend. */
export const BACKEND_CAPABILITIES: readonly BackendCapability[] = Object.freeze([
  { name: 'tensorflow', environments: ['node'], inference: true, training: true, notes: 'libtensorflow via @tensorflow/tfjs-node(-gpu); optional peer, installed by the user' },
  { name: 'webgpu', environments: ['node', 'browser'], inference: true, training: true, notes: 'WebGPU in browsers, Dawn (npm webgpu) in Node' },
  { name: 'webgl', environments: ['browser'], inference: true, training: true, notes: 'WebGL 2 in browsers' },
  { name: 'wasm', environments: ['node', 'browser'], inference: true, training: false, notes: 'XNNPACK SIMD; stock tfjs lacks Conv2DBackpropFilter and depthwise gradients' },
  { name: 'cpu', environments: ['node', 'browser'], inference: true, training: true, notes: 'pure JavaScript, slow, always available' },
]);
