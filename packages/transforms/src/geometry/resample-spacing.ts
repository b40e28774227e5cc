import { InvalidArgumentError, type ImageArray } from '@spinedx/core';
import { assertFiniteImage } from '../image-checks';
import { resize } from './resize';
import type { ResizeMethod } from './resize-weights';

/** Options of {@link resampleToSpacing}. */
export interface ResampleToSpacingOptions {
  /** Target `[rowMm, columnMm]` pixel spacing. */
  spacing: readonly [number, number];
  /** Resize method (default `'bilinear'`). */
  method?: ResizeMethod;
}

/**
 * Resamples to a target pixel spacing so every scanner's images show anatomy at the same scale. The pixel
 * count is rounded, so the result's spacing is the exact achieved value (close to, not always equal to, the target).
 */
export function resampleToSpacing(image: ImageArray, options: ResampleToSpacingOptions): ImageArray<Float32Array> {
  assertFiniteImage(image, 'resampleToSpacing');
  if (image.spacing === undefined) {
    throw new InvalidArgumentError('resampleToSpacing: the image has no spacing; expected [rowMm, columnMm] on the image', { code: 'MISSING_SPACING' });
  }
  const [targetRow, targetColumn] = options.spacing;
  if (!(targetRow > 0 && targetColumn > 0 && Number.isFinite(targetRow) && Number.isFinite(targetColumn))) {
    throw new InvalidArgumentError(`resampleToSpacing: target spacing must be two positive finite numbers, received [${options.spacing.join(', ')}]`, {
      code: 'INVALID_SPACING',
    });
  }
  const height = Math.max(1, Math.round((image.height * image.spacing[0]) / targetRow));
  const width = Math.max(1, Math.round((image.width * image.spacing[1]) / targetColumn));
  return resize(image, { height, width, method: options.method ?? 'bilinear' });
}
