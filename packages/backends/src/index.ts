/**
 * @packageDocumentation
 * TensorFlow.js backend selection for Node and browsers, and the training kernels the wasm backend lacks.
 */
export type { BackendCapability, BackendName } from './capabilities';
export { BACKEND_CAPABILITIES, listMissingTrainingKernels, TRAINING_KERNEL_NAMES } from './capabilities';
export type { BackendAttempt } from './backend-error';
export type { BackendFailureCode } from './backend-failure';
export { BackendFailureError, toBackendFailure } from './backend-failure';
export { BackendUnavailableError } from './backend-error';
export type { RuntimeEnvironment } from './environment';
export { detectEnvironment } from './environment';
export type { InitBackendOptions, InitBackendResult } from './init-backend';
export { DEFAULT_BACKEND_ORDER, initBackend } from './init-backend';
export type { RegisteredTrainingKernel, RegisterTrainingKernelsOptions, TrainingKernelBackend } from './register-training-kernels';
export { registerTrainingKernels, TRAINING_KERNELS, unregisterTrainingKernels } from './register-training-kernels';
export type { WasmThreadsHandle, WasmThreadsOptions } from './wasm-threads/enable-wasm-threads-in-node';
export { enableWasmThreadsInNode } from './wasm-threads/enable-wasm-threads-in-node';
export type { WasmThreadsErrorCode } from './wasm-threads/wasm-threads-error';
export { WasmThreadsError } from './wasm-threads/wasm-threads-error';
export type { RegisteredWebGpuKernel, RegisterWebGpuKernelsOptions } from './webgpu/register-webgpu-kernels';
export { registerWebGpuKernels, unregisterWebGpuKernels, WEBGPU_FUSED_KERNELS, WEBGPU_KERNELS } from './webgpu/register-webgpu-kernels';
