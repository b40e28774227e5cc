import type { ImageArray } from '@spinedx/core';
import { assertFiniteImage, copySpacing, makeImage } from '../image-checks';

/** Options of {@link zScore}. */
export interface ZScoreOptions {
  /** Use only non-zero pixels for the statistics and leave zero pixels at zero (MONAI `nonzero=True`). */
  nonZero?: boolean;
}

/**
 * `(x - mean) / std` over all values (channels together), like MONAI's `NormalizeIntensity`. The population
 * standard deviation is used; a zero deviation (constant image) only subtracts the mean.
 */
export function zScore(image: ImageArray, options: ZScoreOptions = {}): ImageArray<Float32Array> {
  assertFiniteImage(image, 'zScore');
  const nonZero = options.nonZero ?? false;
  const source = image.data;
  let count = 0;
  let sum = 0;
  for (let index = 0; index < source.length; index++) {
    const value = source[index]!;
    if (nonZero && value === 0) continue;
    sum += value;
    count++;
  }
  const data = new Float32Array(source.length);
  if (count > 0) {
    const mean = sum / count;
    let squares = 0;
    for (let index = 0; index < source.length; index++) {
      const value = source[index]!;
      if (nonZero && value === 0) continue;
      squares += (value - mean) * (value - mean);
    }
    const deviation = Math.sqrt(squares / count);
    const divisor = deviation === 0 ? 1 : deviation;
    for (let index = 0; index < source.length; index++) {
      const value = source[index]!;
      data[index] = nonZero && value === 0 ? 0 : (value - mean) / divisor;
    }
  }
  return makeImage(data, image.height, image.width, image.channels, copySpacing(image));
}
