// Golden parity with timm's mvitv2_tiny (fixtures/golden/mvitv2_tiny.seed0.json, written by fixtures/golden/make_golden.py
// with timm at the commit named in the file). Weights and input are regenerated from the parameter names and the file's
// seed by SPEC.md's hash (goldenStateDict / goldenInputNhwc), loaded through the real loadTimmWeights, and compared with
// SPEC.md's tolerance |got - want| <= 1e-3 * max|want| + 1e-5 (goldenExcess <= 0). Runs on the stock wasm kernels,
// then (where the addon is built) on the native kernels of @spinedx/backends/native, whose fused LayerNorm and GELU
// kernels replace the composites in inference.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { nativeKernelsAvailable, registerNativeKernels, unregisterNativeKernels } from '@spinedx/backends/native';
import { FUSED_KERNEL_NAMES } from '@spinedx/core';
import { goldenExcess, goldenInputNhwc, goldenStateDict } from '@spinedx/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kernelSets } from '../../test/kernel-sets';
import { createBackbone } from '../registry';
import { loadTimmWeights } from '../weights/load-timm-weights';
import type { Mvitv2Backbone } from './mvitv2';

interface GoldenCase {
  input_shape: [number, number, number, number];
  logits: number[][];
  pooled: number[][];
  gradcam: { activation_shape: number[]; images: { class: number; size: [number, number]; cam: number[] }[] };
}
interface GoldenFile {
  model: string;
  seed: number;
  params: [string, number[]][];
  cases: GoldenCase[];
}

const golden = JSON.parse(readFileSync(fileURLToPath(new URL('../../../../fixtures/golden/mvitv2_tiny.seed0.json', import.meta.url)), 'utf8')) as GoldenFile;

describe.each(kernelSets)('mvitv2_tiny golden parity with timm on wasm, $kernels', ({ native }) => {
  let model: Mvitv2Backbone;
  let previousBackend: string;
  const skip = native && !nativeKernelsAvailable().available;

  beforeAll(async () => {
    await tf.ready();
    previousBackend = tf.getBackend();
    await tf.setBackend('wasm');
    await tf.ready();
    if (native && !skip) registerNativeKernels({ backends: ['wasm'] });
    model = createBackbone(golden.model, { seed: golden.seed + 1 }) as Mvitv2Backbone;
    loadTimmWeights(model, goldenStateDict(golden.params, golden.seed));
  });

  afterAll(async () => {
    model.dispose();
    if (native) unregisterNativeKernels();
    await tf.setBackend(previousBackend);
  });

  it.skipIf(skip)('should list exactly timm state_dict names and shapes, in order', () => {
    expect(model.parameterSpecs.map((spec) => [spec.name, [...spec.pytorchShape]])).toEqual(golden.params);
  });

  it.skipIf(skip).each(golden.cases.map((goldenCase) => [goldenCase.input_shape.join('x'), goldenCase] as const))(
    'should match logits, pooled features and the Grad-CAM map for input %s',
    (_, goldenCase) => {
      const before = tf.memory().numTensors;
      const { shape, data } = goldenInputNhwc(goldenCase.input_shape, golden.seed);
      const input = tf.tensor4d(data, shape);
      const features = model.forwardFeatures(input);
      const pooled = tf.mean(features, [1, 2]);
      const logits = model.forwardHead(features);
      const [batch, height, width, channels] = features.shape;
      expect([height, width, channels]).toEqual([goldenCase.gradcam.activation_shape[2], goldenCase.gradcam.activation_shape[3], goldenCase.gradcam.activation_shape[1]]);
      const logitRows = logits.arraySync();
      const pooledRows = pooled.arraySync() as number[][];
      const excesses: number[] = [];
      for (let n = 0; n < batch; n++) {
        excesses.push(goldenExcess(logitRows[n]!, goldenCase.logits[n]!), goldenExcess(pooledRows[n]!, goldenCase.pooled[n]!));
        // Grad-CAM through autograd: alpha = spatial mean of d logit[c] / d features, cam = relu(sum_k alpha_k A_k).
        const { class: target, cam: wantCam } = goldenCase.gradcam.images[n]!;
        const cam = tf.tidy(() => {
          const image = tf.slice(features, [n, 0, 0, 0], [1, -1, -1, -1]) as tf.Tensor4D;
          const gradient = tf.grad((map: tf.Tensor) => tf.squeeze(tf.slice(model.forwardHead(map as tf.Tensor4D), [0, target], [1, 1])))(image);
          return tf.relu(tf.sum(tf.mul(tf.mean(gradient, [1, 2], true), image), 3));
        });
        excesses.push(goldenExcess(cam.dataSync(), wantCam));
        cam.dispose();
      }
      tf.dispose([input, features, pooled, logits]);
      expect(Math.max(...excesses)).toBeLessThanOrEqual(0);
      expect(tf.memory().numTensors).toBe(before);
    },
  );

  it.skipIf(skip)('should give the same logits from predict as from forwardHead(forwardFeatures)', async () => {
    const [goldenCase] = golden.cases;
    const { shape, data } = goldenInputNhwc([1, ...goldenCase!.input_shape.slice(1)] as [number, number, number, number], golden.seed);
    const input = tf.tensor4d(data, shape);
    let logits: tf.Tensor | undefined;
    const { kernelNames } = await tf.profile(() => {
      logits = model.predict(input);
      return logits;
    });
    expect(goldenExcess(logits!.dataSync(), goldenCase!.logits[0]!)).toBeLessThanOrEqual(0);
    // The fused kernels run in inference exactly when the native kernels are registered.
    const fused = [FUSED_KERNEL_NAMES.layerNorm, FUSED_KERNEL_NAMES.gelu];
    expect(fused.map((name) => kernelNames.includes(name))).toEqual([native, native]);
    expect(kernelNames.includes('Erf')).toBe(!native);
    tf.dispose([input, logits!]);
  });
});
