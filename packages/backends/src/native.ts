/**
 * @packageDocumentation
 * Native (Node-only) convolution and matrix-product kernels for the wasm and cpu backends, on oneDNN. Separate from
 * the root entry, which stays free of Node-only imports for browsers.
 */
export type { NativeKernelBackend } from './native/native-kernels';
export { NATIVE_KERNELS } from './native/native-kernels';
export { NATIVE_ADDON_PATH_VARIABLE } from './native/native-addon';
export type { NativeKernelsInfo, RegisterNativeKernelsOptions } from './native/register-native-kernels';
export { nativeKernelsAvailable, NativeKernelsUnavailableError, registerNativeKernels, setNativeThreads, unregisterNativeKernels } from './native/register-native-kernels';
