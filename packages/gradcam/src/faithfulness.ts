import { InvalidArgumentError, ShapeError } from '@spinedx/core';
import * as tf from '@tensorflow/tfjs-core';
import type { CamMap, CamModel } from './cam-types';
import { predictedClasses, resolveClassIndices } from './targets';
import { upsampleBilinear } from './upsample';

/** Options of {@link deletionInsertion}. */
export interface DeletionInsertionOptions {
  /** `'deletion'` replaces the most salient pixels first; `'insertion'` reveals them first. Default `'deletion'`. */
  mode?: 'deletion' | 'insertion';
  /** Number of steps between no pixel and every pixel (the curve has steps + 1 points). Default 20. */
  steps?: number;
  /** Value of a removed pixel (all channels): the input after normalisation, so 0 is the dataset mean. Default 0. */
  baseline?: number;
  /** Class whose score is followed, one for all images or one per image. Default: each image's predicted class. */
  classIndex?: number | readonly number[];
  /** Softmax (sigmoid for one logit) probability of the class, or its logit. Default `'probability'`. */
  score?: 'probability' | 'logit';
  /** Perturbed images per forward pass. Default 8. */
  batchSize?: number;
}

/** One image's faithfulness curve. */
export interface FaithfulnessCurve {
  classIndex: number;
  /** Fraction of pixels removed (deletion) or revealed (insertion) at each point: 0, 1/steps, ..., 1. */
  fractions: number[];
  /** The class score at each point. */
  scores: number[];
  /** Area under the curve (trapezoids over the fractions). Lower is better for deletion, higher for insertion. */
  auc: number;
}

/**
 * Deletion / insertion faithfulness (Petsiuk et al. 2018, RISE; pytorch-grad-cam's perturbation metrics): pixels are
 * ranked by the CAM (resized to the input), then removed (or revealed) in that order while the class score is
 * recorded. A faithful map makes the score fall fast under deletion and rise fast under insertion. `cams[n]` is
 * image n's map at any resolution (a raw {@link gradCam} result works).
 */
export async function deletionInsertion(model: CamModel, input: tf.Tensor4D, cams: readonly CamMap[], options: DeletionInsertionOptions = {}): Promise<FaithfulnessCurve[]> {
  const { mode = 'deletion', steps = 20, baseline = 0, score = 'probability', batchSize = 8 } = options;
  const [numImages, height, width, channels] = input.shape;
  if (cams.length !== numImages) throw new ShapeError(`deletionInsertion: expected one CAM per image (${numImages}), received ${cams.length}`);
  if (!Number.isInteger(steps) || steps < 1) throw new InvalidArgumentError(`deletionInsertion: steps must be a positive integer, received ${String(steps)}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new InvalidArgumentError(`deletionInsertion: batchSize must be a positive integer, received ${String(batchSize)}`);
  if (mode !== 'deletion' && mode !== 'insertion') throw new InvalidArgumentError(`deletionInsertion: mode must be 'deletion' or 'insertion', received '${String(mode)}'`);
  if (score !== 'probability' && score !== 'logit') throw new InvalidArgumentError(`deletionInsertion: score must be 'probability' or 'logit', received '${String(score)}'`);
  if (!Number.isFinite(baseline)) throw new InvalidArgumentError(`deletionInsertion: baseline must be finite, received ${String(baseline)}`);

  const pixels = height * width;
  const imageValues = (await input.data()) as Float32Array;
  const logits = tf.tidy(() => model.forwardHead(model.forwardFeatures(input)));
  const numClasses = logits.shape[1];
  const classes =
    options.classIndex === undefined
      ? predictedClasses((await logits.data()) as Float32Array, numImages, numClasses)
      : resolveClassIndices(options.classIndex, numImages, numClasses, 'deletionInsertion');
  logits.dispose();

  const fractions = Array.from({ length: steps + 1 }, (_, step) => step / steps);
  const curves: FaithfulnessCurve[] = [];
  for (let image = 0; image < numImages; image++) {
    const order = rankPixels(cams[image]!, height, width);
    const original = imageValues.subarray(image * pixels * channels, (image + 1) * pixels * channels);
    const scores: number[] = [];
    for (let start = 0; start <= steps; start += batchSize) {
      const count = Math.min(batchSize, steps + 1 - start);
      const batch = new Float32Array(count * pixels * channels);
      for (let offset = 0; offset < count; offset++) {
        const changed = Math.round(((start + offset) / steps) * pixels);
        const target = batch.subarray(offset * pixels * channels, (offset + 1) * pixels * channels);
        target.set(original);
        // Deletion blanks the first `changed` ranked pixels; insertion blanks all but them.
        const [from, to] = mode === 'deletion' ? [0, changed] : [changed, pixels];
        for (let rank = from; rank < to; rank++) target.fill(baseline, order[rank]! * channels, (order[rank]! + 1) * channels);
      }
      const batchScores = tf.tidy(() => classScores(model.forwardHead(model.forwardFeatures(tf.tensor4d(batch, [count, height, width, channels]))), classes[image]!, score));
      scores.push(...(await batchScores.data()));
      batchScores.dispose();
    }
    let auc = 0;
    for (let step = 1; step <= steps; step++) auc += ((scores[step - 1]! + scores[step]!) / 2) * (1 / steps);
    curves.push({ classIndex: classes[image]!, fractions, scores, auc });
  }
  return curves;
}

/** Pixel indices from the most to the least salient (ties keep row-major order). */
function rankPixels(cam: CamMap, height: number, width: number): Uint32Array {
  if (cam.cam.length !== cam.height * cam.width) {
    throw new ShapeError(`deletionInsertion: a ${cam.height}x${cam.width} CAM needs ${cam.height * cam.width} values, received ${cam.cam.length}`);
  }
  const values = cam.height === height && cam.width === width ? cam.cam : upsampleBilinear(cam, height, width).cam;
  for (const value of values) if (Number.isNaN(value)) throw new InvalidArgumentError('deletionInsertion: the CAM contains NaN', { code: 'NON_FINITE_CAM' });
  return Uint32Array.from(values.keys()).sort((a, b) => values[b]! - values[a]! || a - b);
}

function classScores(logits: tf.Tensor2D, classIndex: number, score: 'probability' | 'logit'): tf.Tensor1D {
  if (logits.shape[1] === 1) {
    const signed = tf.mul(tf.reshape(logits, [-1]), classIndex === 1 ? 1 : -1) as tf.Tensor1D;
    return score === 'logit' ? signed : tf.sigmoid(signed);
  }
  const column = tf.reshape(tf.slice(score === 'logit' ? logits : tf.softmax(logits), [0, classIndex], [-1, 1]), [-1]);
  return column as tf.Tensor1D;
}
