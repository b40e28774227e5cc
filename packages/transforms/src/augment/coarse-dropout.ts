import { InvalidArgumentError, type ImageArray, type Random } from '@spinedx/core';
import { assertFiniteImage, copySpacing, makeImage } from '../image-checks';
import { drawFromRange, type Range } from './range-option';

/** Options of {@link randomCoarseDropout}. */
export interface RandomCoarseDropoutOptions {
  /** Number of rectangles, inclusive range of integers (default [1, 4]). */
  holes?: readonly [number, number];
  /** Side of each rectangle as a fraction of the image side (default [0.05, 0.15]). */
  size?: Range;
  /** Value written into the rectangles (default 0). */
  fill?: number;
}

/**
 * Blanks a few random rectangles (all channels), so the model cannot rely on one small region alone
 * (e.g. a single vertebral body) and learns from the whole spine.
 */
export function randomCoarseDropout(image: ImageArray, random: Random, options: RandomCoarseDropoutOptions = {}): ImageArray<Float32Array> {
  assertFiniteImage(image, 'randomCoarseDropout');
  const [minimumHoles, maximumHoles] = options.holes ?? [1, 4];
  if (!(Number.isInteger(minimumHoles) && Number.isInteger(maximumHoles) && minimumHoles >= 0 && minimumHoles <= maximumHoles)) {
    throw new InvalidArgumentError(`randomCoarseDropout: holes must be integers [min, max] with 0 <= min <= max, received [${String(minimumHoles)}, ${String(maximumHoles)}]`, {
      code: 'OUT_OF_RANGE',
    });
  }
  const fill = options.fill ?? 0;
  const { height, width, channels } = image;
  const data = Float32Array.from(image.data);
  const count = random.integer(minimumHoles, maximumHoles);
  for (let hole = 0; hole < count; hole++) {
    const holeHeight = Math.max(1, Math.round(drawFromRange(random, options.size ?? [0.05, 0.15], 'randomCoarseDropout', 'size', [0, 1]) * height));
    const holeWidth = Math.max(1, Math.round(drawFromRange(random, options.size ?? [0.05, 0.15], 'randomCoarseDropout', 'size', [0, 1]) * width));
    const top = random.integer(0, height - holeHeight);
    const left = random.integer(0, width - holeWidth);
    for (let y = top; y < top + holeHeight; y++) data.fill(fill, (y * width + left) * channels, (y * width + left + holeWidth) * channels);
  }
  return makeImage(data, height, width, channels, copySpacing(image));
}
