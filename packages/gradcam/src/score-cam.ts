import * as tf from '@tensorflow/tfjs-core';
import type { CamModel, CamTarget } from './cam-types';

/**
 * Score-CAM channel weights `[N, C]` (pytorch-grad-cam's score_cam.py): each activation channel, upsampled to the
 * input size (bilinear, half-pixel centres as PyTorch's `align_corners=False`) and min-max scaled to [0, 1], masks
 * the input; the weight is the softmax over channels of the target score of the masked image. Costs C forward
 * passes per image, `batchSize` masked images at a time; masks are built per batch so memory stays bounded.
 */
export async function scoreCamWeights(
  model: CamModel,
  input: tf.Tensor4D,
  activations: tf.Tensor4D,
  target: CamTarget,
  batchSize: number,
): Promise<tf.Tensor2D> {
  const [numImages, height, width] = input.shape;
  const channels = activations.shape[3];
  const weights: number[] = [];
  for (let image = 0; image < numImages; image++) {
    const scores = new Float32Array(channels);
    for (let start = 0; start < channels; start += batchSize) {
      const size = Math.min(batchSize, channels - start);
      const batchScores = tf.tidy(() => {
        const slice = tf.slice(activations, [image, 0, 0, start], [1, -1, -1, size]);
        const upsampled = tf.image.resizeBilinear(slice, [height, width], false, true);
        const low = tf.min(upsampled, [1, 2], true);
        const high = tf.max(upsampled, [1, 2], true);
        const masks = tf.div(tf.sub(upsampled, low), tf.add(tf.sub(high, low), 1e-8));
        const perChannel = tf.transpose(masks, [3, 1, 2, 0]) as tf.Tensor4D; // [size, H, W, 1]
        const masked = tf.mul(perChannel, tf.slice(input, [image, 0, 0, 0], [1, -1, -1, -1])) as tf.Tensor4D;
        const logits = model.forwardHead(model.forwardFeatures(masked));
        return target(logits, new Array<number>(size).fill(image));
      });
      scores.set(await batchScores.data(), start);
      batchScores.dispose();
    }
    weights.push(...softmax(scores));
  }
  return tf.tensor2d(weights, [numImages, channels]);
}

/** Softmax in float64 with the usual max shift. */
function softmax(scores: Float32Array): number[] {
  let max = -Infinity;
  for (const score of scores) max = Math.max(max, score);
  const exps = Array.from(scores, (score) => Math.exp(score - max));
  const total = exps.reduce((sum, value) => sum + value, 0);
  return exps.map((value) => value / total);
}
