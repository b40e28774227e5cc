import { FUSED_KERNEL_NAMES } from '@spinedx/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { FUSED_KERNEL_GRADIENTS, holdFusedKernelGradients, releaseFusedKernelGradients } from './fused-kernel-gradients';

const registered = () => FUSED_KERNEL_GRADIENTS.map(({ kernelName }) => tf.getGradient(kernelName) !== undefined);

describe('holdFusedKernelGradients', () => {
  it('should keep the shared gradients registered until the last provider lets them go', () => {
    expect(FUSED_KERNEL_GRADIENTS.map(({ kernelName }) => kernelName)).toEqual([FUSED_KERNEL_NAMES.layerNorm, FUSED_KERNEL_NAMES.gelu, FUSED_KERNEL_NAMES.silu]);
    expect(registered()).toEqual([false, false, false]);
    holdFusedKernelGradients('native');
    holdFusedKernelGradients('webgpu');
    holdFusedKernelGradients('webgpu');
    expect(registered()).toEqual([true, true, true]);
    releaseFusedKernelGradients('native');
    // webgpu still holds them: training on webgpu keeps its LayerNorm, GELU and SiLU gradients.
    expect(registered()).toEqual([true, true, true]);
    releaseFusedKernelGradients('native');
    expect(registered()).toEqual([true, true, true]);
    releaseFusedKernelGradients('webgpu');
    expect(registered()).toEqual([false, false, false]);
  });
});
