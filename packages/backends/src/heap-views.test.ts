import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeKernelsAvailable, registerNativeKernels, unregisterNativeKernels } from './native/register-native-kernels';
import { readFloat32Values } from './training-kernels/read-values';

// A tensor made on the cpu backend moves onto wasm's heap when a wasm kernel first reads it, and that may grow the
// heap, which detaches every view of the heap taken before. Each test makes its cpu tensor larger than the whole
// heap, so the move must grow it.
const heapBytes = () => (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;

/** A cpu-backend tensor of more float32 values than wasm's heap has bytes, holding index % 1000. */
async function tensorLargerThanHeap(): Promise<{ tensor: tf.Tensor1D; length: number }> {
  await tf.setBackend('wasm');
  const length = heapBytes() / 4 + 1_000_000;
  await tf.setBackend('cpu');
  const tensor = tf.tensor1d(Float32Array.from({ length }, (_, index) => index % 1000));
  await tf.setBackend('wasm');
  return { tensor, length };
}

describe('views of the wasm heap', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });
  afterAll(() => unregisterNativeKernels());

  it('readFloat32Values should move every tensor onto the heap before taking any view', async () => {
    const { tensor: large, length } = await tensorLargerThanHeap();
    const small = tf.tensor1d([1, 2, 3]);
    const before = heapBytes();
    const [smallValues, largeValues] = readFloat32Values(tf.backend(), [small, large]);
    expect(heapBytes()).toBeGreaterThan(before);
    expect(Array.from(smallValues!)).toEqual([1, 2, 3]);
    expect(largeValues!.length).toBe(length);
    expect(largeValues![length - 1]).toBe((length - 1) % 1000);
    tf.dispose([small, large]);
  });

  it.runIf(nativeKernelsAvailable().available)('the native kernels should take inputs still held by the cpu backend', async () => {
    const { tensor: large, length } = await tensorLargerThanHeap();
    registerNativeKernels({ backends: ['wasm'] });
    const before = heapBytes();
    const columns = tf.reshape(large.slice(0, length - (length % 1000)), [-1, 1000]);
    const sums = tf.sum(columns, 0);
    expect(heapBytes()).toBeGreaterThan(before);
    const values = await sums.data();
    const rows = Math.floor(length / 1000);
    expect(values[7]).toBe(7 * rows);
    expect(values[999]).toBe(999 * rows);
    tf.dispose([large, columns, sums]);
  });
});
