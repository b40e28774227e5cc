import type { ImageArray, Random } from '@spinedx/core';
import { assertFiniteImage, copySpacing, makeImage } from '../image-checks';
import { drawFromRange, type Range } from './range-option';

/** Options of {@link randomGaussianNoise}. */
export interface RandomGaussianNoiseOptions {
  /** Range of the noise standard deviation, in image units (default [0, 0.05], for images scaled to [0, 1]). */
  std?: Range;
}

/** Adds zero-mean Gaussian noise whose deviation is itself drawn at random: thermal noise varies with field strength and coils. */
export function randomGaussianNoise(image: ImageArray, random: Random, options: RandomGaussianNoiseOptions = {}): ImageArray<Float32Array> {
  assertFiniteImage(image, 'randomGaussianNoise');
  const std = drawFromRange(random, options.std ?? [0, 0.05], 'randomGaussianNoise', 'std', [0, Infinity]);
  const source = image.data;
  const data = new Float32Array(source.length);
  for (let index = 0; index < source.length; index++) data[index] = source[index]! + random.normal(0, std);
  return makeImage(data, image.height, image.width, image.channels, copySpacing(image));
}
