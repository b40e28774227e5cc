import { InvalidArgumentError, type ImageArray } from '@spinedx/core';
import { assertFiniteImage, assertFiniteNumber, copySpacing, makeImage } from '../image-checks';

/** Options of {@link windowLevel}. */
export interface WindowLevelOptions {
  /** Window center (DICOM 0028,1050), in the image's units (after the modality LUT). */
  center: number;
  /** Window width (DICOM 0028,1051); at least 1 for `'linear'`, above 0 for `'linear-exact'`. */
  width: number;
  /** DICOM VOI LUT function (0028,1056): `'linear'` (the default) or `'linear-exact'`. */
  function?: 'linear' | 'linear-exact';
  /** Output range (default [0, 1]). */
  outMin?: number;
  outMax?: number;
}

/**
 * Applies a VOI window (DICOM PS3.3 C.11.2.1.2.1 for LINEAR, C.11.2.1.3.2 for LINEAR_EXACT), mapping
 * `[center - width/2, center + width/2]` to `[outMin, outMax]` and saturating outside it.
 */
export function windowLevel(image: ImageArray, options: WindowLevelOptions): ImageArray<Float32Array> {
  assertFiniteImage(image, 'windowLevel');
  const { center, width, outMin = 0, outMax = 1 } = options;
  const lutFunction = options.function ?? 'linear';
  assertFiniteNumber('windowLevel', 'center', center);
  assertFiniteNumber('windowLevel', 'outMin', outMin);
  assertFiniteNumber('windowLevel', 'outMax', outMax);
  if (lutFunction !== 'linear' && lutFunction !== 'linear-exact') {
    throw new InvalidArgumentError(`windowLevel: function must be 'linear' or 'linear-exact', received ${String(lutFunction)}`);
  }
  const minimumWidth = lutFunction === 'linear' ? 1 : Number.MIN_VALUE;
  if (!(Number.isFinite(width) && width >= minimumWidth)) {
    throw new InvalidArgumentError(`windowLevel: width must be a finite number >= ${lutFunction === 'linear' ? 1 : '> 0'} for '${lutFunction}', received ${String(width)}`, {
      code: 'OUT_OF_RANGE',
    });
  }
  const range = outMax - outMin;
  const source = image.data;
  const data = new Float32Array(source.length);
  if (lutFunction === 'linear') {
    // y = ((x - (c - 0.5)) / (w - 1) + 0.5) * range + min, saturating at the window edges.
    const bottom = center - 0.5 - (width - 1) / 2;
    const top = center - 0.5 + (width - 1) / 2;
    for (let index = 0; index < source.length; index++) {
      const value = source[index]!;
      if (value <= bottom) data[index] = outMin;
      else if (value > top) data[index] = outMax;
      else data[index] = ((value - (center - 0.5)) / (width - 1) + 0.5) * range + outMin;
    }
  } else {
    const bottom = center - width / 2;
    const top = center + width / 2;
    for (let index = 0; index < source.length; index++) {
      const value = source[index]!;
      if (value <= bottom) data[index] = outMin;
      else if (value > top) data[index] = outMax;
      else data[index] = ((value - center) / width + 0.5) * range + outMin;
    }
  }
  return makeImage(data, image.height, image.width, image.channels, copySpacing(image));
}
