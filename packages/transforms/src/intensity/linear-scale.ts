import type { ImageArray } from '@spinedx/core';
import { copySpacing, makeImage } from '../image-checks';

/** `value * scale + offset`, optionally clipped to `[low, high]`: the shared kernel of every linear intensity map. */
export interface LinearMap {
  scale: number;
  offset: number;
  low: number;
  high: number;
  clip: boolean;
}

/**
 * The linear map taking `[inMin, inMax]` to `[outMin, outMax]` (MONAI `ScaleIntensityRange`). A zero-width
 * input range cannot be stretched, so it maps to `value - inMin + outMin`, as MONAI does.
 */
export function rangeMap(inMin: number, inMax: number, outMin: number, outMax: number, clip: boolean): LinearMap {
  const low = Math.min(outMin, outMax);
  const high = Math.max(outMin, outMax);
  if (inMax === inMin) return { scale: 1, offset: outMin - inMin, low, high, clip };
  const scale = (outMax - outMin) / (inMax - inMin);
  return { scale, offset: outMin - inMin * scale, low, high, clip };
}

/** Applies a {@link LinearMap} to every value (channels alike) into a new float32 image. */
export function applyLinearMap(image: ImageArray, map: LinearMap): ImageArray<Float32Array> {
  const source = image.data;
  const data = new Float32Array(source.length);
  const { scale, offset, low, high, clip } = map;
  for (let index = 0; index < source.length; index++) {
    const value = source[index]! * scale + offset;
    data[index] = clip ? (value < low ? low : value > high ? high : value) : value;
  }
  return makeImage(data, image.height, image.width, image.channels, copySpacing(image));
}
