import type { ImageArray, Random } from '@spinedx/core';
import { affine } from '../geometry/affine';
import { assertFiniteImage } from '../image-checks';
import { drawFromRange, type Range } from './range-option';

/** Options of {@link randomAffine}; each parameter is drawn uniformly from its range. */
export interface RandomAffineOptions {
  /** Rotation in degrees (default [-10, 10]). */
  rotation?: Range;
  /** Isotropic zoom (default [0.9, 1.1]). */
  scale?: Range;
  /** Shift as a fraction of height/width (default [-0.05, 0.05] on each axis). */
  translate?: Range;
  /** Horizontal shear in degrees (default [-5, 5]). */
  shear?: Range;
  interpolation?: 'bilinear' | 'nearest';
  fill?: number;
}

/**
 * A random rotation, zoom, shift and shear about the centre: patient positioning and field-of-view differ
 * between scanners and sites. Parameters are drawn before any pixel is read, so the same seed transforms an
 * image and its mask identically.
 */
export function randomAffine(image: ImageArray, random: Random, options: RandomAffineOptions = {}): ImageArray<Float32Array> {
  assertFiniteImage(image, 'randomAffine');
  const rotation = drawFromRange(random, options.rotation ?? [-10, 10], 'randomAffine', 'rotation');
  const scale = drawFromRange(random, options.scale ?? [0.9, 1.1], 'randomAffine', 'scale', [Number.MIN_VALUE, Infinity]);
  const translate = options.translate ?? [-0.05, 0.05];
  const shiftRows = drawFromRange(random, translate, 'randomAffine', 'translate', [-1, 1]) * image.height;
  const shiftColumns = drawFromRange(random, translate, 'randomAffine', 'translate', [-1, 1]) * image.width;
  const shear = drawFromRange(random, options.shear ?? [-5, 5], 'randomAffine', 'shear', [-89, 89]);
  return affine(image, { rotation, scale, translate: [shiftRows, shiftColumns], shear, interpolation: options.interpolation, fill: options.fill });
}
