import * as tf from '@tensorflow/tfjs';
import { SpineDxError } from '@spinedx/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CamMethod } from './cam-types';
import { createTinyNet, smallCases, tinyInput } from './__fixtures__/tiny-net';
import { gradCam, listCamMethods } from './grad-cam';
import { tokensToFeatureMap } from './reshape-transforms';

// Reference maps: __fixtures__/make-small-cases.py, run with Debian's PyTorch (torch autograd, pytorch-grad-cam formulas).
const maxAbs = (values: ArrayLike<number>): number => Array.from(values).reduce((max, value) => Math.max(max, Math.abs(value)), 0);
function worstExcess(got: Float32Array, want: number[]): number {
  const tolerance = 1e-4 * maxAbs(want) + 1e-6;
  return want.reduce((worst, value, index) => Math.max(worst, Math.abs(got[index]! - value) - tolerance), -Infinity);
}

describe('gradCam', () => {
  beforeAll(async () => {
    tf.env().set('PROD', true);
    await tf.setBackend('cpu');
  });
  const nets = { 1: createTinyNet(1), 2: createTinyNet(2), 3: createTinyNet(3) } as const;
  afterAll(() => Object.values(nets).forEach((net) => net.dispose()));

  it('should reproduce the fixture logits with the rebuilt tiny net', () => {
    for (const numClasses of [1, 2, 3] as const) {
      const input = tinyInput();
      const logits = tf.tidy(() => nets[numClasses].forwardHead(nets[numClasses].forwardFeatures(input)));
      expect(worstExcess(logits.dataSync() as Float32Array, smallCases.logits[String(numClasses)]!)).toBeLessThanOrEqual(0);
      tf.dispose([input, logits]);
    }
  });

  it.each(smallCases.cases.map((entry) => [`${entry.method}, ${entry.numClasses} logit(s), class ${entry.classIndex ?? 'default'}`, entry] as const))(
    'should match PyTorch for %s',
    async (_, entry) => {
      const input = tinyInput();
      const before = tf.memory().numTensors;
      const net = nets[entry.numClasses as 1 | 2 | 3];
      const results = await gradCam(net, input, { method: entry.method as CamMethod, ...(entry.classIndex ? { classIndex: entry.classIndex } : {}), batchSize: 3 });
      expect(tf.memory().numTensors).toBe(before);
      input.dispose();
      const [height, width] = smallCases.featureSize;
      expect(results.map((result) => [result.classIndex, result.height, result.width])).toEqual(entry.expectedClass.map((classIndex) => [classIndex, height, width]));
      const got = new Float32Array(results.flatMap((result) => Array.from(result.cam)));
      expect(worstExcess(got, entry.cam)).toBeLessThanOrEqual(0);
    },
  );

  it('should equal CAM (class weights over positions) when the head is average pooling and a linear layer', async () => {
    // Hand derivation: logits = mean_yx(A) W, so d y_c / d A[y, x, k] = W[k, c] / (h w) everywhere and
    // gradcam = relu(sum_k W[k, c] / (h w) * A[y, x, k]).
    const weights = tf.tensor2d([[1, -2], [0.5, 3]]);
    const model = {
      forwardFeatures: (input: tf.Tensor4D) => tf.clone(input),
      forwardHead: (features: tf.Tensor) => tf.matMul(tf.mean(features, [1, 2]), weights) as tf.Tensor2D,
    };
    const input = tf.tensor4d([1, 2, 3, -1, 0, 0, 2, 2], [1, 2, 2, 2]);
    const [result] = await gradCam(model, input, { classIndex: 0 });
    expect(Array.from(result!.cam)).toEqual([(1 + 1) / 4, 2.5 / 4, 0, 3 / 4].map(Math.fround));
    const [other] = await gradCam(model, input, { classIndex: 1 });
    // class 1: -2*a0 + 3*a1 → [4, -9, 0, 2] / 4 → relu
    expect(Array.from(other!.cam)).toEqual([1, 0, 0, 0.5]);
    tf.dispose([weights, input]);
  });

  it('should accept a custom target and report classIndex null', async () => {
    const input = tinyInput();
    const net = nets[3];
    const byClass = await gradCam(net, input, { classIndex: 2 });
    const custom = await gradCam(net, input, { target: (logits) => tf.reshape(tf.slice(logits, [0, 2], [-1, 1]), [-1]) as tf.Tensor1D });
    expect(custom.map((result) => result.classIndex)).toEqual([null, null]);
    expect(custom.map((result) => Array.from(result.cam))).toEqual(byClass.map((result) => Array.from(result.cam)));
    input.dispose();
  });

  it('should give the same map for an image alone as in a batch', async () => {
    const input = tinyInput();
    const second = tf.slice(input, [1, 0, 0, 0], [1, -1, -1, -1]);
    for (const method of listCamMethods()) {
      const batch = await gradCam(nets[3], input, { method });
      const [alone] = await gradCam(nets[3], second, { method });
      expect(maxAbs(alone!.cam.map((value, index) => value - batch[1]!.cam[index]!))).toBeLessThan(1e-5);
    }
    tf.dispose([input, second]);
  });

  it('should give a token model with tokensToFeatureMap the same maps as the NHWC model', async () => {
    const input = tinyInput();
    const [height, width] = smallCases.featureSize;
    const net = nets[3];
    const tokens = {
      forwardFeatures: (x: tf.Tensor4D) => tf.tidy(() => { const map = net.forwardFeatures(x); return tf.reshape(map, [map.shape[0]!, height * width, map.shape[3]!]); }),
      forwardHead: (features: tf.Tensor) => net.forwardHead(tf.reshape(features, [features.shape[0]!, height, width, features.shape[2]!])),
    };
    for (const method of ['gradcam', 'hirescam', 'gradcam++'] as const) {
      const fromMap = await gradCam(net, input, { method });
      const fromTokens = await gradCam(tokens, input, { method, reshape: tokensToFeatureMap(height, width) });
      expect(fromTokens.map((result) => Array.from(result.cam))).toEqual(fromMap.map((result) => Array.from(result.cam)));
    }
    input.dispose();
  });

  it('should run every method on the wasm backend with the same result as on cpu', async () => {
    await import('@tensorflow/tfjs-backend-wasm');
    const input = tinyInput();
    const onCpu = await Promise.all(listCamMethods().map((method) => gradCam(nets[3], input, { method })));
    const data = input.dataSync();
    input.dispose();
    await tf.setBackend('wasm');
    try {
      const net = createTinyNet(3);
      const wasmInput = tf.tensor4d(data, smallCases.input.shape);
      const before = tf.memory().numTensors;
      for (const [index, method] of listCamMethods().entries()) {
        const results = await gradCam(net, wasmInput, { method });
        const want = onCpu[index]!.flatMap((result) => Array.from(result.cam));
        expect(worstExcess(new Float32Array(results.flatMap((result) => Array.from(result.cam))), want)).toBeLessThanOrEqual(0);
      }
      expect(tf.memory().numTensors).toBe(before);
      wasmInput.dispose();
      net.dispose();
    } finally {
      await tf.setBackend('cpu');
    }
  });

  it.each([
    ['an unknown method', { method: 'gradcam3' }, 'UNKNOWN_METHOD'],
    ['a class out of range', { classIndex: 3 }, 'INVALID_CLASS_INDEX'],
    ['a fractional class', { classIndex: 0.5 }, 'INVALID_CLASS_INDEX'],
    ['one class for two images', { classIndex: [1] }, 'INVALID_CLASS_INDEX'],
    ['a zero batch size', { batchSize: 0 }, 'INVALID_ARGUMENT'],
    ['a target of the wrong shape', { target: (logits: tf.Tensor2D) => tf.sum(logits) }, 'INVALID_TARGET'],
  ])('should throw a typed error for %s without leaking tensors', async (_, options, code) => {
    const input = tinyInput();
    const before = tf.memory().numTensors;
    const error = await gradCam(nets[3], input, options as never).catch((caught: unknown) => caught);
    expect(SpineDxError.isInstance(error) && (error as SpineDxError).code).toBe(code);
    expect((error as Error).message).toMatch(/^gradCam: /);
    expect(tf.memory().numTensors).toBe(before);
    input.dispose();
  });

  it('should reject a non-NHWC input and a token feature map without reshape', async () => {
    const flat = tf.zeros([2, 3]);
    await expect(gradCam(nets[3], flat as never)).rejects.toMatchObject({ code: 'SHAPE_MISMATCH' });
    const tokens = { forwardFeatures: (input: tf.Tensor4D) => tf.reshape(input, [1, 4, 1]), forwardHead: (features: tf.Tensor) => tf.sum(features, 1) as tf.Tensor2D };
    const input = tf.ones([1, 2, 2, 1]) as tf.Tensor4D;
    await expect(gradCam(tokens, input)).rejects.toMatchObject({ code: 'SHAPE_MISMATCH' });
    tf.dispose([flat, input]);
  });
});
