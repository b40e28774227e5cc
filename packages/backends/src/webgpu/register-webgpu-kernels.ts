import * as tf from '@tensorflow/tfjs-core';
import { BackendUnavailableError } from '../backend-error';
import type { StockKernel } from './conv2d-backprop-filter-webgpu';
import { conv2dBackpropFilterWebGpu } from './conv2d-backprop-filter-webgpu';
import { holdFusedKernelGradients, releaseFusedKernelGradients } from '../fused-kernel-gradients';
import { WEBGPU_FUSED_KERNEL_FUNCTIONS } from './fused-kernels-webgpu';

/** Kernels `registerWebGpuKernels` replaces on the `webgpu` backend. */
export const WEBGPU_KERNELS: readonly string[] = Object.freeze(['Conv2DBackpropFilter']);

/** Options of {@link registerWebGpuKernels}. */
export interface RegisterWebGpuKernelsOptions {
  /**
   * Also run Conv2DBackpropInput with tfjs's tiled program instead of its naive default (default false). Correct on
   * every geometry tested, but 2-5x slower than the naive program on SwiftShader's WebGPU (the one adapter measured
   * so far), so it is off until a GPU measures it faster.
   */
  tiledInputGradient?: boolean;
}

/** The stock kernels a call with `options` replaces. */
function replacedKernels(options: RegisterWebGpuKernelsOptions): readonly string[] {
  return options.tiledInputGradient === true ? [...WEBGPU_KERNELS, 'Conv2DBackpropInput'] : WEBGPU_KERNELS;
}

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

/**
 * tfjs's WebGPU Conv2DBackpropInput has a tiled implicit-GEMM program (`Conv2DDerInputMMProgram`) behind a flag that
 * defaults to its naive one (a thread per input element looping over the filter and channels: 5-16x PyTorch on an
 * H100). Ours runs the stock kernel with the flag cleared for the call; channels-first input stays naive. Only with
 * `tiledInputGradient`: on SwiftShader the tiled program was the slower one (56x56, 64->64: 605 vs 281 ms).
 */
const NAIVE_INPUT_GRADIENT_FLAG = 'WEBGPU_USE_NAIVE_CONV2D_TRANSPOSE';

function tiledInputGradient(args: KernelArguments): tf.TensorInfo | tf.TensorInfo[] {
  const environment = tf.env();
  const previous = environment.getBool(NAIVE_INPUT_GRADIENT_FLAG);
  environment.set(NAIVE_INPUT_GRADIENT_FLAG, false);
  try {
    return callStock('Conv2DBackpropInput')(args);
  } finally {
    environment.set(NAIVE_INPUT_GRADIENT_FLAG, previous);
  }
}

const KERNEL_FUNCTIONS: Record<string, tf.KernelFunc> = {
  Conv2DBackpropFilter: (args: KernelArguments) => conv2dBackpropFilterWebGpu(args, callStock('Conv2DBackpropFilter')),
  Conv2DBackpropInput: tiledInputGradient,
  ...WEBGPU_FUSED_KERNEL_FUNCTIONS,
};

function isOurs(kernel: string): boolean {
  return tf.getKernel(kernel, 'webgpu')?.kernelFunc === KERNEL_FUNCTIONS[kernel];
}

/**
 * Replaces the WebGPU backend's naive Conv2DBackpropFilter (one thread per filter element looping over every
 * batch and output position: 40-250x slower than PyTorch on an H100) with a tiled split-K GEMM (and, with
 * `tiledInputGradient`, runs Conv2DBackpropInput with tfjs's own tiled program), and adds the fused
 * kernels the backbones and the classifier's optimizer call where a backend has them (`WEBGPU_FUSED_KERNELS`: a
 * batch norm's statistics in 3 dispatches instead of 5 plus two transposes, its backward pass in 4 instead of about
 * 15, ReLU's in 1 instead of 2, LayerNorm, GELU and SiLU in 1 each with their gradients, an AdamW step in 3). Opt-in and explicit (nothing registers on import); idempotent: a second call changes nothing and returns
 * []. Call it after `@tensorflow/tfjs-backend-webgpu` is loaded (e.g. after `initBackend({ prefer: ['webgpu'] })`),
 * since loading that package registers its stock kernels over ours.
 *
 * @throws BackendUnavailableError (code `'BACKEND_UNAVAILABLE'`) when no `webgpu` kernels are registered yet.
 */
export function registerWebGpuKernels(options: RegisterWebGpuKernelsOptions = {}): RegisteredWebGpuKernel[] {
  const registered: RegisteredWebGpuKernel[] = [];
  for (const kernel of replacedKernels(options)) {
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
  for (const kernel of replacedKernels({ tiledInputGradient: true })) {
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
