import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { goldenExcess, goldenInputNhwc, goldenStateDict } from '@spinedx/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackbone, loadTimmWeights, type Backbone } from '../src/index';
import { readGolden } from './golden-fixture';

/**
 * Golden parity of one timm model (fixtures/golden/SPEC.md): weights generated from each parameter's name and the
 * file's seed go through the real `loadTimmWeights`, both input cases run on the wasm backend, and logits and pooled
 * features (the mean of `forwardFeatures`) must be within SPEC's tolerance. Nothing depends on a particular seed.
 */
export function describeGoldenParity(model: string): void {
  const golden = readGolden(model);
  describe(`${model} golden parity (timm, seed ${golden.seed})`, () => {
    let backbone: Backbone;
    beforeAll(async () => {
      await tf.setBackend('wasm');
      const [, , height, width] = golden.cases[0]!.input_shape;
      backbone = createBackbone(model, { inputShape: [height, width, 3] });
      loadTimmWeights(backbone, goldenStateDict(golden.params, golden.seed));
      // Evaluation passes fold batch norms into convolutions once and keep the folds until a weight changes: one
      // pass fills that cache, so the leak check below sees only what a pass itself leaves behind.
      tf.tidy(() => backbone.predict(tf.zeros([1, height, width, 3]) as tf.Tensor4D));
    });
    afterAll(() => backbone?.dispose());

    it('should list the state dict timm lists, in order', () => {
      expect(backbone.parameterSpecs.map((spec) => [spec.name, spec.pytorchShape])).toEqual(golden.params);
    });

    it.each(golden.cases.map((goldenCase) => [goldenCase.input_shape.join('x'), goldenCase] as const))('should match logits and pooled features for input %s', (_, goldenCase) => {
      const input = goldenInputNhwc(goldenCase.input_shape, golden.seed);
      const before = tf.memory().numTensors;
      const { logits, pooled, featureShape } = tf.tidy(() => {
        const x = tf.tensor4d(input.data, input.shape);
        const features = backbone.forwardFeatures(x);
        return { logits: backbone.forwardHead(features).dataSync(), pooled: tf.mean(features, [1, 2]).dataSync(), featureShape: features.shape };
      });
      expect(tf.memory().numTensors).toBe(before);
      const [batch, , height, width] = goldenCase.input_shape;
      expect(featureShape).toEqual([batch, Math.ceil(height / 32), Math.ceil(width / 32), backbone.numFeatures]);
      expect(goldenExcess(logits, goldenCase.logits.flat())).toBeLessThanOrEqual(0);
      expect(goldenExcess(pooled, goldenCase.pooled.flat())).toBeLessThanOrEqual(0);
    });
  });
}
