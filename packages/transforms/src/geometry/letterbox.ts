import type { ImageArray } from '@spinedx/core';
import { assertFiniteImage, assertPositiveInteger } from '../image-checks';
import { pad } from './pad';
import { resize } from './resize';
import type { ResizeMethod } from './resize-weights';

/** Options of {@link letterbox}. */
export interface LetterboxOptions {
  /** Side of the square output in pixels. */
  size: number;
  /** Resize method (default `'bilinear'`). */
  method?: ResizeMethod;
  /** Padding value (default 0, the background of a scaled MR slice). */
  fill?: number;
}

/**
 * Resizes so the longer side becomes `size` (aspect ratio kept, so pixels stay square if they were), then
 * pads the shorter side equally on both ends to a `size x size` square.
 */
export function letterbox(image: ImageArray, options: LetterboxOptions): ImageArray<Float32Array> {
  assertFiniteImage(image, 'letterbox');
  const { size, method = 'bilinear', fill = 0 } = options;
  assertPositiveInteger('letterbox', 'size', size);
  const scale = size / Math.max(image.height, image.width);
  const height = Math.max(1, Math.round(image.height * scale));
  const width = Math.max(1, Math.round(image.width * scale));
  const resized = resize(image, { height, width, method });
  return pad(resized, {
    top: Math.floor((size - height) / 2),
    bottom: Math.ceil((size - height) / 2),
    left: Math.floor((size - width) / 2),
    right: Math.ceil((size - width) / 2),
    mode: 'constant',
    value: fill,
  });
}
