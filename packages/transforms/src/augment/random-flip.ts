import type { ImageArray, Random } from '@spinedx/core';
import { flip } from '../geometry/flip';
import { assertFiniteImage, assertInRange, copySpacing, makeImage } from '../image-checks';

/** Options of {@link randomFlip}. */
export interface RandomFlipOptions {
  /** Chance of flipping (default 0.5). */
  probability?: number;
  /** Default `'horizontal'` (anterior/posterior swap on a sagittal slice; a vertical flip is anatomically implausible). */
  axis?: 'horizontal' | 'vertical';
}

/** Flips with the given probability; otherwise returns an unchanged copy. */
export function randomFlip(image: ImageArray, random: Random, options: RandomFlipOptions = {}): ImageArray<Float32Array> {
  assertFiniteImage(image, 'randomFlip');
  const probability = options.probability ?? 0.5;
  assertInRange('randomFlip', 'probability', probability, 0, 1);
  if (random.next() < probability) return flip(image, options.axis ?? 'horizontal');
  return makeImage(Float32Array.from(image.data), image.height, image.width, image.channels, copySpacing(image));
}
