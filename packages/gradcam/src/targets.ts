import { InvalidArgumentError } from '@spinedx/core';
import * as tf from '@tensorflow/tfjs-core';
import type { CamTarget } from './cam-types';

/**
 * The usual target: the logit of a class, per image (pytorch-grad-cam's `ClassifierOutputTarget`). For a
 * single-logit (binary) head, class 1 is the logit itself and class 0 its negation (`BinaryClassifierOutputTarget`).
 * `classIndices[image]` is the class of each input image.
 */
export function classTarget(classIndices: readonly number[]): CamTarget {
  return (logits, imageIndices) => {
    const numClasses = logits.shape[1];
    const rows = imageIndices.map((image) => {
      const classIndex = classIndices[image];
      if (classIndex === undefined) {
        throw new InvalidArgumentError(`classTarget: no class for image ${image}; ${classIndices.length} classes were given`, { code: 'INVALID_CLASS_INDEX' });
      }
      return classIndex;
    });
    if (numClasses === 1) {
      const signs = tf.tensor1d(rows.map((classIndex) => (classIndex === 1 ? 1 : -1)));
      return tf.mul(tf.reshape(logits, [-1]), signs) as tf.Tensor1D;
    }
    const mask = tf.oneHot(tf.tensor1d(rows, 'int32'), numClasses);
    return tf.sum(tf.mul(logits, mask), 1) as tf.Tensor1D;
  };
}

/** Each image's predicted class: argmax of its logits; for a single logit, 1 when it is > 0, else 0. */
export function predictedClasses(logits: Float32Array | Int32Array | Uint8Array, numImages: number, numClasses: number): number[] {
  const classes: number[] = [];
  for (let image = 0; image < numImages; image++) {
    if (numClasses === 1) {
      classes.push(logits[image]! > 0 ? 1 : 0);
      continue;
    }
    let best = 0;
    for (let index = 1; index < numClasses; index++) if (logits[image * numClasses + index]! > logits[image * numClasses + best]!) best = index;
    classes.push(best);
  }
  return classes;
}

/**
 * Validates a `classIndex` option against the head: a number for every image or one per image, integers in
 * `[0, K)` (or 0/1 for a single logit).
 */
export function resolveClassIndices(classIndex: number | readonly number[], numImages: number, numClasses: number, caller: string): number[] {
  const classes = typeof classIndex === 'number' ? new Array<number>(numImages).fill(classIndex) : [...classIndex];
  if (classes.length !== numImages) {
    throw new InvalidArgumentError(`${caller}: classIndex must have one entry per image (${numImages}), received ${classes.length}`, { code: 'INVALID_CLASS_INDEX' });
  }
  const limit = Math.max(numClasses, 2);
  for (const value of classes) {
    if (!Number.isInteger(value) || value < 0 || value >= limit) {
      throw new InvalidArgumentError(`${caller}: classIndex must be an integer in [0, ${limit - 1}] for a head with ${numClasses} logit(s), received ${String(value)}`, {
        code: 'INVALID_CLASS_INDEX',
      });
    }
  }
  return classes;
}
