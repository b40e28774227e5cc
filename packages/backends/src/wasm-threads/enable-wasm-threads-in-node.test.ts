import { createRandom, InvalidArgumentError } from '@spinedx/core';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BackendFailureError } from '../backend-failure';
import { enableWasmThreadsInNode, type WasmThreadsHandle } from './enable-wasm-threads-in-node';
import { WasmThreadsError } from './wasm-threads-error';

/** The slice of @spinedx/backbones used here (a sibling that depends on this package, so it is not imported by type). */
interface SmallBackbone {
  predict(input: tf.Tensor4D): tf.Tensor2D;
  dispose(): void;
}
type CreateBackbone = (name: string, options: { inputShape: readonly [number, number, number]; numClasses: number; seed: number }) => SmallBackbone;

function randomArray(length: number, seed: number, scale = 1): Float32Array {
  const random = createRandom(seed);
  return Float32Array.from({ length }, () => random.uniform(-scale, scale));
}

/** A ResNet basic block (3x3 conv, BN, ReLU, 3x3 conv, BN, 1x1 stride-2 shortcut, add, ReLU) from fixed arrays. */
const block = { batch: 2, size: 17, inChannels: 24, outChannels: 32 };
const blockArrays = {
  input: randomArray(block.batch * block.size * block.size * block.inChannels, 1),
  conv1: randomArray(9 * block.inChannels * block.outChannels, 2, 0.2),
  conv2: randomArray(9 * block.outChannels * block.outChannels, 3, 0.2),
  shortcut: randomArray(block.inChannels * block.outChannels, 4, 0.3),
  scale: randomArray(block.outChannels, 5),
  shift: randomArray(block.outChannels, 6),
};

function runBlock(): Float32Array {
  return tf.tidy(() => {
    const { batch, size, inChannels, outChannels } = block;
    const x = tf.tensor4d(blockArrays.input, [batch, size, size, inChannels]);
    const scale = tf.tensor1d(blockArrays.scale);
    const shift = tf.tensor1d(blockArrays.shift);
    const bn = (y: tf.Tensor4D) => tf.add(tf.mul(y, scale), shift) as tf.Tensor4D;
    const branch = tf.relu(bn(tf.conv2d(x, tf.tensor4d(blockArrays.conv1, [3, 3, inChannels, outChannels]), 2, 'same')));
    const main = bn(tf.conv2d(branch, tf.tensor4d(blockArrays.conv2, [3, 3, outChannels, outChannels]), 1, 'same'));
    const shortcut = tf.conv2d(x, tf.tensor4d(blockArrays.shortcut, [1, 1, inChannels, outChannels]), 2, 'same');
    return tf.relu(tf.add(main, shortcut)).dataSync() as Float32Array;
  });
}

async function runBackbone(createBackbone: CreateBackbone, name: string): Promise<Float32Array> {
  const backbone = createBackbone(name, { inputShape: [64, 64, 3], numClasses: 5, seed: 7 });
  const input = tf.tensor4d(randomArray(2 * 64 * 64 * 3, 8), [2, 64, 64, 3]);
  const logits = backbone.predict(input);
  const values = (await logits.data()) as Float32Array;
  tf.dispose([input, logits]);
  backbone.dispose();
  return values;
}

/** Largest |a - b| relative to the largest |a| (XNNPACK splits work across threads; sums may be reassociated). */
function relativeDifference(a: Float32Array, b: Float32Array): number {
  expect(b.length).toBe(a.length);
  let scale = 0;
  let difference = 0;
  a.forEach((value, index) => {
    scale = Math.max(scale, Math.abs(value));
    difference = Math.max(difference, Math.abs(value - b[index]!));
  });
  return difference / scale;
}

let handle: WasmThreadsHandle | null = null;

beforeAll(() => {
  tf.env().set('PROD', true);
});

afterEach(async () => {
  await handle?.shutdown();
  handle = null;
});

describe('enableWasmThreadsInNode', () => {
  it('should give the single-thread outputs on a ResNet basic block, with two threads, leaking no tensors', async () => {
    await tf.setBackend('wasm');
    const single = runBlock();
    handle = await enableWasmThreadsInNode({ threads: 2 });
    expect([tf.getBackend(), handle.threads, handle.workers]).toEqual(['wasm', 2, 1]);
    const before = tf.memory().numTensors;
    const threaded = runBlock();
    expect(tf.memory().numTensors).toBe(before);
    expect(single.some((value) => value > 0)).toBe(true);
    expect(relativeDifference(single, threaded)).toBeLessThan(1e-5);
  });

  it.each(['efficientnet_b0'])('should give the single-thread logits of a whole %s (64 px: convolutions, depthwise, squeeze-excite)', async (name) => {
    const specifier = '@spinedx/backbones';
    const { createBackbone } = (await import(/* @vite-ignore */ specifier)) as { createBackbone: CreateBackbone };
    await tf.setBackend('wasm');
    const single = await runBackbone(createBackbone, name);
    handle = await enableWasmThreadsInNode({ threads: 2 });
    const threaded = await runBackbone(createBackbone, name);
    expect(relativeDifference(single, threaded)).toBeLessThan(1e-4);
  });

  it('should put the stock single-thread backend back on shutdown()', async () => {
    handle = await enableWasmThreadsInNode({ threads: 2 });
    await handle.shutdown();
    await handle.shutdown();
    expect(await tf.setBackend('wasm')).toBe(true);
    const wasm = (await import('@tensorflow/tfjs-backend-wasm')) as { getThreadsCount(): number };
    expect(wasm.getThreadsCount()).toBe(1);
  });

  it('should refuse a second start while one runs', async () => {
    handle = await enableWasmThreadsInNode({ threads: 2 });
    await expect(enableWasmThreadsInNode({ threads: 2 })).rejects.toMatchObject({ name: 'WasmThreadsError', code: 'WASM_THREADS_ACTIVE' });
  });

  it.each([0, 9, 1.5, Number.NaN, '2'])('should reject threads = %s', async (threads) => {
    const error = await enableWasmThreadsInNode({ threads: threads as number }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ code: 'INVALID_THREADS', message: expect.stringContaining(`received ${String(threads)}`) });
  });

  it('should fail an operation whose XNNPACK memory runs out with a typed error, where tfjs would hang', async () => {
    handle = await enableWasmThreadsInNode({ threads: 2, maximumMemoryBytes: 80 * 1024 * 1024 });
    const small = tf.tidy(() => tf.conv2d(tf.ones([1, 2, 2, 8]) as tf.Tensor4D, tf.ones([1, 1, 8, 4]) as tf.Tensor4D, 1, 'valid').dataSync());
    expect(Array.from(small)).toEqual(new Array(16).fill(8));
    // A 32 MiB filter and tfjs's transposed copy of it fit the 80 MiB heap; XNNPACK's packed copy does not. tfjs
    // alone prints the failure and returns uninitialised memory as this 1x1 convolution's output.
    const filter = tf.ones([1, 1, 2048, 4096]) as tf.Tensor4D;
    const input = tf.ones([1, 1, 1, 2048]) as tf.Tensor4D;
    let error: unknown;
    try {
      tf.conv2d(input, filter, 1, 'valid');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BackendFailureError);
    expect(error).toMatchObject({ code: 'BACKEND_OUT_OF_MEMORY', backend: 'wasm', message: expect.stringMatching(/xnn_create_convolution2d_nhwc_f32 \(this heap stops at 80 MiB\)/) });
    tf.dispose([filter, input]);
  });

  it("should fail an operation on a dtype its kernel does not handle, where tfjs would return unwritten memory", async () => {
    handle = await enableWasmThreadsInNode({ threads: 2 });
    const flags = tf.tensor2d([true, false, true, true], [2, 2], 'bool');
    let error: unknown;
    try {
      tf.abs(flags);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BackendFailureError);
    expect(error).toMatchObject({ code: 'BACKEND_KERNEL_FAILED', message: expect.stringContaining('its Abs kernel does not handle dtype') });
    flags.dispose();
  });

  it.each([0, 1024 * 1024, 16 * 1024 * 1024 + 1, 4 * 1024 ** 3, 2.5, '64'])('should reject maximumMemoryBytes = %s', async (bytes) => {
    const error = await enableWasmThreadsInNode({ threads: 2, maximumMemoryBytes: bytes as number }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ code: 'INVALID_MAXIMUM_MEMORY', message: expect.stringContaining(`received ${String(bytes)}`) });
  });

  it('should refuse to start in a browser', async () => {
    tf.env().set('IS_NODE', false);
    try {
      const error = await enableWasmThreadsInNode({ threads: 2 }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(WasmThreadsError);
      expect(error).toMatchObject({ code: 'WASM_THREADS_UNSUPPORTED', message: expect.stringContaining('cross-origin-isolated') });
    } finally {
      tf.env().set('IS_NODE', true);
    }
  });
});
