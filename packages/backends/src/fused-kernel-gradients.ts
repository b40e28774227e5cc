import { FUSED_KERNEL_NAMES } from '@spinedx/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Kernels of the fused ops' backward passes. Every provider of the forward kernels (`@spinedx/backends/native` for
 * wasm and cpu, `registerWebGpuKernels` for webgpu) registers these too, since tfjs's gradients are global: the one
 * gradient of `SpinedxLayerNorm` calls `SpinedxLayerNormGrad` on whichever backend is active.
 */
export const FUSED_GRADIENT_KERNEL_NAMES = { layerNorm: 'SpinedxLayerNormGrad', gelu: 'SpinedxGeluGrad', silu: 'SpinedxSiluGrad' } as const;

/** The gradient of an element-wise activation kernel: its gradient kernel on `{ dy, x }`. */
function activationGradientConfig(kernelName: string, gradientKernel: string): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    gradFunc: (dy, saved) => ({ x: () => tf.engine().runKernel(gradientKernel, { dy: dy as tf.Tensor, x: saved[0]! }) as tf.Tensor }),
  };
}

/** Gradients of the fused forward kernels, through the gradient kernels above. */
export const FUSED_KERNEL_GRADIENTS: readonly tf.GradConfig[] = [
  {
    kernelName: FUSED_KERNEL_NAMES.layerNorm,
    inputsToSave: ['x', 'weight'],
    gradFunc: (dy, saved, attrs) => {
      const [x, weight] = saved as [tf.Tensor, tf.Tensor];
      const [dx, dweight, dbias] = tf.engine().runKernel(FUSED_GRADIENT_KERNEL_NAMES.layerNorm, { dy: dy as tf.Tensor, x, weight }, attrs as tf.NamedAttrMap) as tf.Tensor[];
      return { x: () => dx!, weight: () => dweight!, bias: () => dbias! };
    },
  },
  activationGradientConfig(FUSED_KERNEL_NAMES.gelu, FUSED_GRADIENT_KERNEL_NAMES.gelu),
  activationGradientConfig(FUSED_KERNEL_NAMES.silu, FUSED_GRADIENT_KERNEL_NAMES.silu),
];

/** The providers that hold the gradients registered. */
const holders = new Set<string>();

/** Registers the fused kernels' gradients for `holder` (a provider's name); the first holder registers them. */
export function holdFusedKernelGradients(holder: string): void {
  if (holders.size === 0) for (const gradient of FUSED_KERNEL_GRADIENTS) tf.registerGradient(gradient);
  holders.add(holder);
}

/** Lets `holder` go; the gradients are unregistered when no provider holds them any more. */
export function releaseFusedKernelGradients(holder: string): void {
  if (!holders.delete(holder) || holders.size > 0) return;
  for (const { kernelName } of FUSED_KERNEL_GRADIENTS) {
    if (tf.getGradient(kernelName) !== undefined) tf.unregisterGradient(kernelName);
  }
}
