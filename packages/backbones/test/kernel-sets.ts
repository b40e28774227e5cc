import { nativeKernelsAvailable, registerNativeKernels, unregisterNativeKernels } from '@spinedx/backends/native';
import { afterAll, beforeAll } from 'vitest';

/** The two kernel sets tests run the backbones' ops on: tfjs's stock kernels, then @spinedx/backends/native's. */
export const kernelSets = [
  { kernels: 'stock kernels', native: false },
  { kernels: 'native kernels', native: true },
] as const;

/**
 * In a `describe` of one kernel set: registers the native kernels for cpu and wasm around it when `native`. `skip`
 * is true where the native set is asked for and the addon is not built.
 */
export function useKernelSet(native: boolean): { skip: boolean } {
  const skip = native && !nativeKernelsAvailable().available;
  beforeAll(() => {
    if (native && !skip) registerNativeKernels({ backends: ['cpu', 'wasm'] });
  });
  afterAll(() => {
    if (native) unregisterNativeKernels();
  });
  return { skip };
}
