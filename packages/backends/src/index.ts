/**
 * @packageDocumentation
 * TensorFlow.js backend selection for Node and browsers, and the training kernels the wasm backend lacks.
 */
export type { BackendCapability, BackendName } from './capabilities';
export { BACKEND_CAPABILITIES } from './capabilities';
