import * as tf from '@tensorflow/tfjs-core';
import { BackendUnavailableError } from '../backend-error';
import type { StockKernel } from './conv2d-backprop-filter-webgpu';
import { conv2dBackpropFilterWebGpu } from './conv2d-backprop-filter-webgpu';
import { holdFusedKernelGradients, releaseFusedKernelGradients } from '../fused-kernel-gradients';
import { WEBGPU_FUSED_KERNEL_FUNCTIONS } from './fused-kernels-webgpu';

/** Kernels `registerWebGpuKernels` replaces on the `webgpu` backend. */
export const WEBGPU_KERNELS: readonly string[] = Object.freeze(['Conv2DBackpropFilter']);

/** The fused kernels of `FUSED_KERNEL_NAMES` (`@spinedx/core`) `registerWebGpuKernels` adds to the `webgpu` backend. */
export const WEBGPU_FUSED_KERNELS: readonly string[] = Object.freeze(Object.keys(WEBGPU_FUSED_KERNEL_FUNCTIONS));

/** One kernel `registerWebGpuKernels` put in place. */
export interface RegisteredWebGpuKernel {
  kernel: string;
  /** The stock kernel it replaced (restored by `unregisterWebGpuKernels`); undefined for a fused kernel tfjs lacks. */
  replaced?: tf.KernelConfig;
}

type KernelArguments = Parameters<tf.KernelFunc>[0];

/** Stock kernels we replaced, so they can be put back (and called for the cases ours leave to them). */
const stockKernels = new Map<string, tf.KernelConfig>();

function callStock(kernel: string): StockKernel {
  return (args: KernelArguments) => stockKernels.get(kernel)!.kernelFunc(args);
}

const KERNEL_FUNCTIONS: Record<string, tf.KernelFunc> = {
  Conv2DBackpropFilter: (args: KernelArguments) => conv2dBackpropFilterWebGpu(args, callStock('Conv2DBackpropFilter')),
  ...WEBGPU_FUSED_KERNEL_FUNCTIONS,
};

function isOurs(kernel: string): boolean {
  return tf.getKernel(kernel, 'webgpu')?.kernelFunc === KERNEL_FUNCTIONS[kernel];
}

/**
 * Replaces the WebGPU backend's naive Conv2DBackpropFilter (one thread per filter element looping over every
 * batch and output position: 40-250x slower than PyTorch on an H100) with a tiled split-K GEMM, and adds the fused
 * kernels the backbones and the classifier's optimizer call where a backend has them (`WEBGPU_FUSED_KERNELS`: a
 * batch norm's statistics in 3 dispatches instead of 5 plus two transposes, its backward pass in 4 instead of about
 * 15, ReLU's in 1 instead of 2, LayerNorm, GELU and SiLU in 1 each with their gradients, an AdamW step in 3). Opt-in and explicit (nothing registers on import); idempotent: a second call changes nothing and returns
 * []. Call it after `@tensorflow/tfjs-backend-webgpu` is loaded (e.g. after `initBackend({ prefer: ['webgpu'] })`),
 * since loading that package registers its stock kernels over ours.
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
  for (const kernel of WEBGPU_FUSED_KERNELS) {
    // Another provider's kernel of the same name stays: the names are a contract any backend package may fill.
    if (tf.getKernel(kernel, 'webgpu') !== undefined) continue;
    tf.registerKernel({ kernelName: kernel, backendName: 'webgpu', kernelFunc: KERNEL_FUNCTIONS[kernel]! });
    registered.push({ kernel });
  }
  // LayerNorm, GELU and SiLU are differentiable through their gradient kernels (shared with the native provider).
  holdFusedKernelGradients('webgpu');
  return registered;
}

/** Restores the stock WebGPU kernels `registerWebGpuKernels` replaced and removes the fused kernels it added. Safe to call when none are registered. */
export function unregisterWebGpuKernels(): void {
  for (const kernel of WEBGPU_KERNELS) {
    if (!isOurs(kernel)) continue;
    tf.unregisterKernel(kernel, 'webgpu');
    const stock = stockKernels.get(kernel);
    if (stock !== undefined) tf.registerKernel(stock);
    stockKernels.delete(kernel);
  }
  for (const kernel of WEBGPU_FUSED_KERNELS) {
    if (isOurs(kernel)) tf.unregisterKernel(kernel, 'webgpu');
  }
  releaseFusedKernelGradients('webgpu');
}
