import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { preprocessFor } from './pipeline/preprocess-for';
import { toInputTensor } from './tfjs';

describe('toInputTensor', () => {
  it('should stack images into an NHWC float32 tensor without leaking', async () => {
    const before = tf.memory().numTensors;
    const images = [
      { data: Float32Array.from([1, 2, 3, 4, 5, 6]), height: 1, width: 2, channels: 3 },
      { data: Float32Array.from([7, 8, 9, 10, 11, 12]), height: 1, width: 2, channels: 3 },
    ];
    const tensor = toInputTensor(images);
    expect({ shape: tensor.shape, dtype: tensor.dtype }).toEqual({ shape: [2, 1, 2, 3], dtype: 'float32' });
    expect(Array.from(await tensor.data())).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    // Channel 2 of the second image's first pixel sits at [1, 0, 0, 2].
    expect((await tensor.array())[1]![0]![0]![2]).toBe(9);
    tensor.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('should copy a reused evaluation buffer so later calls do not change the batch', async () => {
    const { evaluation } = preprocessFor(
      { inputSize: [3, 8, 8], interpolation: 'bilinear', cropPct: 1, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] },
      { reuseOutput: true },
    );
    const bright = { data: Float32Array.from({ length: 64 }, (_, index) => index), height: 8, width: 8, channels: 1 };
    const tensor = toInputTensor([evaluation(bright)]);
    const first = Array.from(await tensor.data());
    evaluation({ ...bright, data: bright.data.map((value) => 63 - value) });
    expect(Array.from(await tensor.data())).toEqual(first);
    tensor.dispose();
  });

  it('should reject an empty batch and images of different sizes', () => {
    expect(() => toInputTensor([])).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
    const small = { data: new Float32Array(4), height: 2, width: 2, channels: 1 };
    const large = { data: new Float32Array(9), height: 3, width: 3, channels: 1 };
    expect(() => toInputTensor([small, large])).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH', message: expect.stringContaining('image 1') }));
  });
});
