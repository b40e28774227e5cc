// Golden parity of the raw 'gradcam' map with timm + torch autograd (fixtures/golden/<model>.seed0.json, written by
// fixtures/golden/make_golden.py; SPEC.md's "Grad-CAM reference" says which tensor A each model uses). Weights and
// input are regenerated from the parameter names and the seed (goldenStateDict / goldenInputNhwc), loaded through
// the real timm weight import (loadTimmWeights), and each image's map is compared with SPEC.md's tolerance
// |got - want| <= 1e-3 * max|want| + 1e-5 (goldenExcess <= 0), using the stored class as SPEC.md asks.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { createBackbone, loadTimmWeights } from '@spinedx/backbones';
import { goldenExcess, goldenInputNhwc, goldenStateDict } from '@spinedx/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradCam } from './grad-cam';

interface GoldenFile {
  model: string;
  seed: number;
  params: [string, number[]][];
  cases: {
    input_shape: [number, number, number, number];
    gradcam?: { activation_shape: number[]; images: { class: number; size: [number, number]; cam: number[] }[] };
  }[];
}

const goldenFolder = fileURLToPath(new URL('../../../fixtures/golden/', import.meta.url));
const goldenFiles = readdirSync(goldenFolder)
  .filter((name) => /\.seed\d+\.json$/.test(name))
  .map((name) => JSON.parse(readFileSync(goldenFolder + name, 'utf8')) as GoldenFile)
  .filter((golden) => golden.cases.some((goldenCase) => goldenCase.gradcam !== undefined));

describe('gradCam golden parity with timm', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('should find the four models with a Grad-CAM reference', () => {
    expect(goldenFiles.map((golden) => golden.model).sort()).toEqual(['efficientnet_b3', 'mvitv2_tiny', 'resnet101', 'resnet34']);
  });

  describe.each(goldenFiles.map((golden) => [golden.model, golden] as const))('%s', (name, golden) => {
    it('should match the raw gradcam map of every image of every case', async () => {
      const model = createBackbone(name, { seed: golden.seed + 1 });
      try {
        loadTimmWeights(model, goldenStateDict(golden.params, golden.seed));
        let warmedUp = false;
        for (const goldenCase of golden.cases) {
          const reference = goldenCase.gradcam!;
          const { shape, data } = goldenInputNhwc(goldenCase.input_shape, golden.seed);
          const input = tf.tensor4d(data, shape);
          // An evaluation pass fills the backbone's folded conv + batch-norm weights (held until dispose), so the
          // leak check below sees only what Grad-CAM itself leaves behind.
          if (!warmedUp) tf.dispose(tf.tidy(() => model.forward(input as tf.Tensor4D)));
          warmedUp = true;
          const before = tf.memory().numTensors;
          const results = await gradCam(model, input, { classIndex: reference.images.map((image) => image.class) });
          expect(tf.memory().numTensors).toBe(before);
          input.dispose();
          expect(results.map((result) => [result.height, result.width])).toEqual(reference.images.map((image) => image.size));
          const excess = results.map((result, index) => goldenExcess(result.cam, reference.images[index]!.cam));
          expect(excess.every((value) => value <= 0), `worst excess per image: ${excess.join(', ')}`).toBe(true);
        }
      } finally {
        model.dispose();
      }
    });
  });
});
