import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { deletionInsertion } from './faithfulness';

// A model whose single logit is the sum of its input pixels: its scores can be derived by hand.
const sumModel = {
  forwardFeatures: (input: tf.Tensor4D) => tf.clone(input),
  forwardHead: (features: tf.Tensor) => tf.reshape(tf.sum(features, [1, 2, 3]), [-1, 1]) as tf.Tensor2D,
};

describe('deletionInsertion', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  // Pixels 4, 3, 2, 1 ranked by the CAM [0.9, 0.1, 0.5, 0.3] as indices 0, 2, 3, 1.
  const input = () => tf.tensor4d([4, 3, 2, 1], [1, 2, 2, 1]);
  const cam = { height: 2, width: 2, cam: new Float32Array([0.9, 0.1, 0.5, 0.3]) };

  it('should remove the most salient pixels first and integrate by trapezoids (deletion)', async () => {
    const x = input();
    const before = tf.memory().numTensors;
    const [curve] = await deletionInsertion(sumModel, x, [cam], { steps: 4, score: 'logit', classIndex: 1, batchSize: 2 });
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    expect(curve!.fractions).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(curve!.scores).toEqual([10, 6, 4, 3, 0]);
    expect(curve!.auc).toBeCloseTo(0.25 * (5 + 6 + 4 + 3 + 0), 12);
  });

  it('should reveal the most salient pixels first (insertion)', async () => {
    const x = input();
    const [curve] = await deletionInsertion(sumModel, x, [cam], { mode: 'insertion', steps: 4, score: 'logit', classIndex: 1 });
    x.dispose();
    expect(curve!.scores).toEqual([0, 4, 6, 7, 10]);
    expect(curve!.auc).toBeCloseTo(0.25 * (0 + 4 + 6 + 7 + 5), 12);
  });

  it('should score a single logit as a sigmoid probability of the predicted class', async () => {
    const x = input();
    const [curve] = await deletionInsertion(sumModel, x, [cam], { steps: 2 });
    x.dispose();
    expect(curve!.classIndex).toBe(1);
    const sigmoid = (value: number) => 1 / (1 + Math.exp(-value));
    // Half the pixels (indices 0 and 2, values 4 and 2) removed leaves 4.
    expect(curve!.scores.map((value) => Number(value.toFixed(6)))).toEqual([sigmoid(10), sigmoid(4), sigmoid(0)].map((value) => Number(value.toFixed(6))));
  });

  it('should give a lower deletion AUC to a map that points at the evidence than to its opposite', async () => {
    const x = input();
    const [good] = await deletionInsertion(sumModel, x, [cam], { steps: 4, score: 'logit', classIndex: 1 });
    const [bad] = await deletionInsertion(sumModel, x, [{ ...cam, cam: cam.cam.map((value) => 1 - value) }], { steps: 4, score: 'logit', classIndex: 1 });
    x.dispose();
    expect(good!.auc).toBeLessThan(bad!.auc);
  });

  it('should reject a CAM count that does not match the batch and bad steps', async () => {
    const x = input();
    await expect(deletionInsertion(sumModel, x, [])).rejects.toMatchObject({ code: 'SHAPE_MISMATCH' });
    await expect(deletionInsertion(sumModel, x, [cam], { steps: 0 })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    x.dispose();
  });
});
