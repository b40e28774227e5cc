import * as tf from '@tensorflow/tfjs-core';
import { BackendUnavailableError } from '../backend-error';
import type { StockKernel } from './conv2d-backprop-filter-webgpu';
import { conv2dBackpropFilterWebGpu } from './conv2d-backprop-filter-webgpu';

/** Kernels `registerWebGpuKernels` replaces on the `webgpu` backend. */
export const WEBGPU_KERNELS: readonly string[] = Object.freeze(['Conv2DBackpropFilter']);

/** One kernel `registerWebGpuKernels` put in place. */
export interface RegisteredWebGpuKernel {
  kernel: string;
  /** The stock kernel it replaced (restored by `unregisterWebGpuKernels`). */
  replaced: tf.KernelConfig;
}

type KernelArguments = Parameters<tf.KernelFunc>[0];

/** Stock kernels we replaced, so they can be put back (and called for the cases ours leave to them). */
const stockKernels = new Map<string, tf.KernelConfig>();

function callStock(kernel: string): StockKernel {
  return (args: KernelArguments) => stockKernels.get(kernel)!.kernelFunc(args);
}

const KERNEL_FUNCTIONS: Record<string, tf.KernelFunc> = {
  Conv2DBackpropFilter: (args: KernelArguments) => conv2dBackpropFilterWebGpu(args, callStock('Conv2DBackpropFilter')),
};

function isOurs(kernel: string): boolean {
  return tf.getKernel(kernel, 'webgpu')?.kernelFunc === KERNEL_FUNCTIONS[kernel];
}

/**
 * Replaces the WebGPU backend's naive Conv2DBackpropFilter (one thread per filter element looping over every
 * batch and output position: 40-250x slower than PyTorch on an H100) with a tiled split-K GEMM. Opt-in and
 * explicit (nothing registers on import); idempotent: a second call changes nothing and returns []. Call it after
 * `@tensorflow/tfjs-backend-webgpu` is loaded (e.g. after `initBackend({ prefer: ['webgpu'] })`), since loading
 * that package registers its stock kernels over ours.
 *
 * @throws BackendUnavailableError (code `'BACKEND_UNAVAILABLE'`) when no `webgpu` kernels are registered yet.
 */
export function registerWebGpuKernels(): RegisteredWebGpuKernel[] {
  const registered: RegisteredWebGpuKernel[] = [];
  for (const kernel of WEBGPU_KERNELS) {
    if (isOurs(kernel)) continue;
    const stock = tf.getKernel(kernel, 'webgpu');
    if (stock === undefined) {
      const reason = `no stock '${kernel}' kernel is registered for 'webgpu' (import @tensorflow/tfjs-backend-webgpu first)`;
      throw new BackendUnavailableError(`registerWebGpuKernels: expected the webgpu backend to be loaded; received ${reason}`, [{ name: 'webgpu', reason }]);
    }
    stockKernels.set(kernel, stock);
    tf.unregisterKernel(kernel, 'webgpu');
    tf.registerKernel({ kernelName: kernel, backendName: 'webgpu', kernelFunc: KERNEL_FUNCTIONS[kernel]! });
    registered.push({ kernel, replaced: stock });
  }
  return registered;
}

/** Restores the stock WebGPU kernels `registerWebGpuKernels` replaced. Safe to call when none are registered. */
export function unregisterWebGpuKernels(): void {
  for (const kernel of WEBGPU_KERNELS) {
    if (!isOurs(kernel)) continue;
    tf.unregisterKernel(kernel, 'webgpu');
    const stock = stockKernels.get(kernel);
    if (stock !== undefined) tf.registerKernel(stock);
    stockKernels.delete(kernel);
  }
}
