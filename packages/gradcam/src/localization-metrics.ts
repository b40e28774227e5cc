import { assertImage, InvalidArgumentError, ShapeError, type ImageArray } from '@spinedx/core';
import type { CamMap } from './cam-types';
import { upsampleBilinear } from './upsample';

/** Result of {@link pointingGame}. */
export interface PointingGameResult {
  /** True when the CAM's peak falls on the lesion (within `tolerance` pixels of a mask pixel). */
  hit: boolean;
  /** The peak (first maximum in row-major order); null for a constant map, which points nowhere (a miss). */
  peak: { y: number; x: number } | null;
}

/**
 * The pointing game (Zhang et al. 2016, "Top-down neural attention by excitation backprop"): does the CAM's maximum
 * lie inside the lesion mask? `tolerance` (pixels, default 0; the paper uses 15) counts a peak that close to the mask
 * as a hit. The CAM is resized to the mask with {@link upsampleBilinear} when their sizes differ.
 */
export function pointingGame(cam: CamMap, mask: ImageArray, options: { tolerance?: number } = {}): PointingGameResult {
  const tolerance = options.tolerance ?? 0;
  if (!(tolerance >= 0 && Number.isFinite(tolerance))) {
    throw new InvalidArgumentError(`pointingGame: tolerance must be a finite number >= 0, received ${String(tolerance)}`);
  }
  const values = camAtMaskSize(cam, mask, 'pointingGame');
  let peak = 0;
  let min = Infinity;
  for (let index = 0; index < values.length; index++) {
    if (values[index]! > values[peak]!) peak = index;
    min = Math.min(min, values[index]!);
  }
  if (!(values[peak]! > min)) return { hit: false, peak: null };
  const y = Math.floor(peak / mask.width);
  const x = peak % mask.width;
  const reach = Math.floor(tolerance);
  for (let row = Math.max(0, y - reach); row <= Math.min(mask.height - 1, y + reach); row++) {
    for (let column = Math.max(0, x - reach); column <= Math.min(mask.width - 1, x + reach); column++) {
      if ((row - y) ** 2 + (column - x) ** 2 <= tolerance ** 2 && mask.data[row * mask.width + column]! > 0) return { hit: true, peak: { y, x } };
    }
  }
  return { hit: false, peak: { y, x } };
}

/**
 * Energy inside the mask (the energy-based pointing game of Score-CAM, Wang et al. 2020):
 * `sum(cam inside mask) / sum(cam)`, in [0, 1]. The CAM must be non-negative (raw maps and normalised maps are);
 * an all-zero CAM has no energy to place and gives NaN. The CAM is resized to the mask when their sizes differ.
 */
export function energyInsideMask(cam: CamMap, mask: ImageArray): number {
  const values = camAtMaskSize(cam, mask, 'energyInsideMask');
  let inside = 0;
  let total = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    if (value < 0) {
      throw new InvalidArgumentError(`energyInsideMask: the CAM must be non-negative, received ${value} at index ${index}`, { code: 'NEGATIVE_CAM' });
    }
    total += value;
    if (mask.data[index]! > 0) inside += value;
  }
  return total > 0 ? inside / total : Number.NaN;
}

function camAtMaskSize(cam: CamMap, mask: ImageArray, caller: string): Float32Array {
  assertImage(mask, caller);
  if (mask.channels !== 1) throw new ShapeError(`${caller}: the mask must have 1 channel, received ${mask.channels}`);
  if (cam.cam.length !== cam.height * cam.width) {
    throw new ShapeError(`${caller}: a ${cam.height}x${cam.width} CAM needs ${cam.height * cam.width} values, received ${cam.cam.length}`);
  }
  for (const value of cam.cam) if (!Number.isFinite(value)) throw new InvalidArgumentError(`${caller}: the CAM has a non-finite value (${value})`, { code: 'NON_FINITE_CAM' });
  return cam.height === mask.height && cam.width === mask.width ? cam.cam : upsampleBilinear(cam, mask.height, mask.width).cam;
}
