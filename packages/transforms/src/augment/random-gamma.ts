import type { ImageArray, Random } from '@spinedx/core';
import { assertFiniteImage, copySpacing, makeImage } from '../image-checks';
import { drawFromRange, type Range } from './range-option';

/** Options of {@link randomGamma}. */
export interface RandomGammaOptions {
  /** Gamma range (default [0.7, 1.5]); below 1 brightens mid-tones, above 1 darkens them. */
  gamma?: Range;
}

/**
 * Non-linear contrast change, MONAI `RandAdjustContrast`: values are scaled to [0, 1] by the image range,
 * raised to a random gamma and scaled back, so the range is preserved. Mimics T2 contrast differences between protocols.
 */
export function randomGamma(image: ImageArray, random: Random, options: RandomGammaOptions = {}): ImageArray<Float32Array> {
  assertFiniteImage(image, 'randomGamma');
  const gamma = drawFromRange(random, options.gamma ?? [0.7, 1.5], 'randomGamma', 'gamma', [Number.MIN_VALUE, Infinity]);
  const source = image.data;
  let minimum = Infinity;
  let maximum = -Infinity;
  for (let index = 0; index < source.length; index++) {
    minimum = Math.min(minimum, source[index]!);
    maximum = Math.max(maximum, source[index]!);
  }
  const range = maximum - minimum;
  const data = new Float32Array(source.length);
  for (let index = 0; index < source.length; index++) {
    data[index] = range === 0 ? source[index]! : Math.pow((source[index]! - minimum) / range, gamma) * range + minimum;
  }
  return makeImage(data, image.height, image.width, image.channels, copySpacing(image));
}
