import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { nativeKernelsAvailable, registerNativeKernels, unregisterNativeKernels } from './native/register-native-kernels';
import { registerTrainingKernels, unregisterTrainingKernels } from './register-training-kernels';

// wasm's kernels are set up when the backend starts (each binds its wasm function then). Registering ours before the
// first tf.setBackend('wasm') must keep the stock kernels' setup, since ours hand cases to them. This file never
// starts wasm before registering (each test file runs in a fresh module graph).
const native = nativeKernelsAvailable().available;

describe('kernels registered before the wasm backend starts', () => {
  afterAll(() => {
    unregisterNativeKernels();
    unregisterTrainingKernels();
  });

  it('should still run the stock kernels they hand cases to', async () => {
    registerTrainingKernels({ backends: ['wasm'] });
    if (native) registerNativeKernels({ backends: ['wasm'] });
    await tf.setBackend('wasm');
    // A batch of transposed products large enough for the single-product route, which calls the stock BatchMatMul.
    const a = tf.ones([2, 128, 96]);
    const b = tf.ones([2, 100, 96]);
    const product = tf.matMul(a, b, false, true);
    // A sum over two axes that are not next to each other: the native Sum declines it, the stock one runs.
    const x = tf.ones([3, 4, 5]);
    const gapped = tf.sum(x, [0, 2]);
    expect([product.shape, (await product.data())[0], Array.from(await gapped.data())]).toEqual([[2, 128, 100], 96, [15, 15, 15, 15]]);
    tf.dispose([a, b, product, x, gapped]);
  });
});
