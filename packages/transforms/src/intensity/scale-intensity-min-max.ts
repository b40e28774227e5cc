import type { ImageArray } from '@spinedx/core';
import { assertFiniteImage, assertFiniteNumber } from '../image-checks';
import { applyLinearMap, rangeMap } from './linear-scale';

/** Options of {@link scaleIntensityMinMax}. */
export interface ScaleIntensityMinMaxOptions {
  /** Value the minimum maps to (default 0). */
  outMin?: number;
  /** Value the maximum maps to (default 1). */
  outMax?: number;
}

/**
 * Maps the image minimum to `outMin` and maximum to `outMax` (MONAI `ScaleIntensity`). A constant image has
 * no range to stretch and becomes `outMin` everywhere.
 */
export function scaleIntensityMinMax(image: ImageArray, options: ScaleIntensityMinMaxOptions = {}): ImageArray<Float32Array> {
  assertFiniteImage(image, 'scaleIntensityMinMax');
  const { outMin = 0, outMax = 1 } = options;
  assertFiniteNumber('scaleIntensityMinMax', 'outMin', outMin);
  assertFiniteNumber('scaleIntensityMinMax', 'outMax', outMax);
  let minimum = Infinity;
  let maximum = -Infinity;
  const source = image.data;
  for (let index = 0; index < source.length; index++) {
    const value = source[index]!;
    if (value < minimum) minimum = value;
    if (value > maximum) maximum = value;
  }
  return applyLinearMap(image, rangeMap(minimum, maximum, outMin, outMax, false));
}
