import { SpineDxError } from '@spinedx/core';
import * as tf from '@tensorflow/tfjs-core';
import { registerTrainingKernels } from '../register-training-kernels';
import { loadNativeAddon } from './native-addon';
import { holdFusedKernelGradients, releaseFusedKernelGradients } from '../fused-kernel-gradients';
import { NATIVE_KERNELS, nativeKernelFunction, type NativeKernelBackend } from './native-kernels';

/** The native kernels could not be used: the addon is not built or does not load (`reason` says which). */
export class NativeKernelsUnavailableError extends SpineDxError {
  constructor(readonly reason: string) {
    super(`native kernels unavailable: ${reason}`, { code: 'NATIVE_KERNELS_UNAVAILABLE' });
    this.name = 'NativeKernelsUnavailableError';
  }
}

/** Options of {@link registerNativeKernels}. */
export interface RegisterNativeKernelsOptions {
  /** Backends to serve (default both; the wasm backend is the usual one). */
  backends?: readonly NativeKernelBackend[];
  /** Compute threads of the native kernels (default: the OpenMP default, one per core, or OMP_NUM_THREADS). */
  threads?: number;
  /**
   * Make glibc's malloc keep freed memory for reuse instead of returning large blocks to the system (process-wide;
   * default: on when the cpu backend is served). The cpu backend allocates a new array for every output, and glibc
   * maps blocks over 32 MiB afresh each time, so every page of a large output faults on first write: about 3 s of
   * system time per MViTv2-T training step at batch 8, 0.2 s with this on, for the same peak memory. Memory freed
   * after the peak stays with the process, also after `unregisterNativeKernels`. No effect on other C libraries.
   */
  keepFreedMemory?: boolean;
}

/** What the native kernels run on. */
export interface NativeKernelsInfo {
  /** Library and version, e.g. 'oneDNN 2.6.3'. */
  library: string;
  /** Compute threads the kernels use. */
  threads: number;
  /** The loaded addon file. */
  path: string;
  /** Whether malloc now keeps freed memory for reuse (see {@link RegisterNativeKernelsOptions.keepFreedMemory}). */
  keepsFreedMemory: boolean;
}

// Kernel registered before ours, per backend/kernel, so unregistering puts it back.
const replacedKernels = new Map<string, tf.KernelConfig | undefined>();
let keepsFreedMemory = false;

/** Whether the compiled addon is present and loads; `reason` says why not. Never throws. */
export function nativeKernelsAvailable(): { available: true; info: NativeKernelsInfo } | { available: false; reason: string } {
  const load = loadNativeAddon();
  if (load.addon === undefined) return { available: false, reason: load.reason };
  return { available: true, info: { library: load.addon.version(), threads: load.addon.threads(), path: load.path, keepsFreedMemory } };
}

function requireAddon() {
  const load = loadNativeAddon();
  if (load.addon === undefined) throw new NativeKernelsUnavailableError(load.reason);
  return load;
}

/** Sets the native kernels' compute threads (process-wide, like OMP_NUM_THREADS). */
export function setNativeThreads(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1) throw new SpineDxError(`setNativeThreads: expected a positive integer; received ${threads}`, { code: 'INVALID_ARGUMENT' });
  requireAddon().addon.setThreads(threads);
}

/**
 * Replaces the convolution (forward, fused, depthwise and their gradients) and matrix-product kernels of the wasm and
 * cpu backends with native ones on oneDNN, the library under PyTorch's CPU convolutions. Anything they do not take
 * (other dtypes, channels-first, PReLU) runs on the kernel that was there before. Registers the training kernels
 * first, so wasm keeps a fallback for every gradient. Also registers the fused LayerNorm and GELU kernels
 * (`FUSED_KERNEL_NAMES` of `@spinedx/core`, which MViTv2 calls where a backend has them) and their gradients.
 * Explicit and idempotent; `unregisterNativeKernels` undoes it.
 *
 * @throws NativeKernelsUnavailableError (code `'NATIVE_KERNELS_UNAVAILABLE'`) when the addon is not built or fails to load.
 */
export function registerNativeKernels(options: RegisterNativeKernelsOptions = {}): NativeKernelsInfo {
  const { addon, path } = requireAddon();
  if (options.threads !== undefined) setNativeThreads(options.threads);
  const backends = options.backends ?? (['wasm', 'cpu'] as const);
  if (options.keepFreedMemory ?? backends.includes('cpu')) keepsFreedMemory = addon.keepFreedMemory() || keepsFreedMemory;
  registerTrainingKernels({ backends });
  for (const backend of backends) {
    for (const kernel of NATIVE_KERNELS) {
      const key = `${backend}/${kernel}`;
      if (replacedKernels.has(key)) continue;
      const replaced = tf.getKernel(kernel, backend);
      if (replaced !== undefined) tf.unregisterKernel(kernel, backend);
      // The replaced kernel's setup travels with ours: a backend started after this call sets up the kernels
      // registered then, and ours hands the cases it declines to the replaced one.
      tf.registerKernel({ kernelName: kernel, backendName: backend, kernelFunc: nativeKernelFunction(addon, kernel, replaced?.kernelFunc), setupFunc: replaced?.setupFunc, disposeFunc: replaced?.disposeFunc });
      replacedKernels.set(key, replaced);
    }
  }
  // The fused LayerNorm and GELU the models call where a backend has them are differentiable through these.
  holdFusedKernelGradients('native');
  return { library: addon.version(), threads: addon.threads(), path, keepsFreedMemory };
}

/** Puts back the kernels `registerNativeKernels` replaced. */
export function unregisterNativeKernels(): void {
  for (const [key, replaced] of replacedKernels) {
    const [backend, kernel] = key.split('/') as [string, string];
    tf.unregisterKernel(kernel, backend);
    if (replaced !== undefined) tf.registerKernel(replaced);
  }
  replacedKernels.clear();
  releaseFusedKernelGradients('native');
}
