import type { ImageArray } from '@spinedx/core';
import { InvalidArgumentError } from '@spinedx/core';
import { assertFiniteImage, assertFiniteNumber, assertInRange } from '../image-checks';
import { applyLinearMap, rangeMap } from './linear-scale';
import { computePercentiles } from './percentile';

/** Options of {@link scaleIntensityPercentiles}. */
export interface ScaleIntensityPercentilesOptions {
  /** Lower percentile in [0, 100], e.g. 0.5. */
  lower: number;
  /** Upper percentile in [0, 100], e.g. 99.5. */
  upper: number;
  /** Value the lower percentile maps to (default 0). */
  outMin?: number;
  /** Value the upper percentile maps to (default 1). */
  outMax?: number;
  /** Clip the result to `[outMin, outMax]` (default true: outliers such as fat or flow artefacts saturate). */
  clip?: boolean;
}

/**
 * Linearly maps the `lower` and `upper` intensity percentiles of the image (all channels together) to
 * `outMin` and `outMax`, like MONAI's `ScaleIntensityRangePercentiles` (numpy 'linear' percentiles).
 * MR intensities have no absolute unit, so this is the default intensity step for MR.
 */
export function scaleIntensityPercentiles(image: ImageArray, options: ScaleIntensityPercentilesOptions): ImageArray<Float32Array> {
  assertFiniteImage(image, 'scaleIntensityPercentiles');
  const { lower, upper, outMin = 0, outMax = 1, clip = true } = options;
  assertInRange('scaleIntensityPercentiles', 'lower', lower, 0, 100);
  assertInRange('scaleIntensityPercentiles', 'upper', upper, 0, 100);
  if (lower > upper) {
    throw new InvalidArgumentError(`scaleIntensityPercentiles: lower must not exceed upper, received lower ${lower} and upper ${upper}`, {
      code: 'OUT_OF_RANGE',
    });
  }
  assertFiniteNumber('scaleIntensityPercentiles', 'outMin', outMin);
  assertFiniteNumber('scaleIntensityPercentiles', 'outMax', outMax);
  const [inMin, inMax] = computePercentiles(image.data, [lower, upper]) as [number, number];
  return applyLinearMap(image, rangeMap(inMin, inMax, outMin, outMax, clip));
}
