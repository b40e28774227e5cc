import { InvalidArgumentError, type ImageArray } from '@spinedx/core';
import { assertFiniteImage, assertFiniteNumber, assertNonNegativeInteger, copySpacing, makeImage } from '../image-checks';

/** Options of {@link pad}. */
export interface PadOptions {
  top?: number;
  bottom?: number;
  left?: number;
  right?: number;
  /** `'constant'` fills with `value`; `'edge'` repeats the border pixel; `'reflect'` mirrors without repeating it (numpy 'reflect'). */
  mode?: 'constant' | 'edge' | 'reflect';
  /** Fill value for `'constant'` (default 0). */
  value?: number;
}

function reflectIndex(index: number, size: number): number {
  if (size === 1) return 0;
  const period = 2 * (size - 1);
  let wrapped = ((index % period) + period) % period;
  if (wrapped >= size) wrapped = period - wrapped;
  return wrapped;
}

/** Pads the borders by whole pixels. Spacing is unchanged (the grid is extended, not rescaled). */
export function pad(image: ImageArray, options: PadOptions): ImageArray<Float32Array> {
  assertFiniteImage(image, 'pad');
  const { top = 0, bottom = 0, left = 0, right = 0, mode = 'constant', value = 0 } = options;
  for (const [name, amount] of [['top', top], ['bottom', bottom], ['left', left], ['right', right]] as const) {
    assertNonNegativeInteger('pad', name, amount);
  }
  assertFiniteNumber('pad', 'value', value);
  if (mode !== 'constant' && mode !== 'edge' && mode !== 'reflect') {
    throw new InvalidArgumentError(`pad: mode must be 'constant', 'edge' or 'reflect', received ${String(mode)}`);
  }
  const height = image.height + top + bottom;
  const width = image.width + left + right;
  const channels = image.channels;
  const data = new Float32Array(height * width * channels);
  const sourceIndex = (index: number, size: number): number => {
    if (index >= 0 && index < size) return index;
    if (mode === 'edge') return Math.min(Math.max(index, 0), size - 1);
    if (mode === 'reflect') return reflectIndex(index, size);
    return -1;
  };
  for (let y = 0; y < height; y++) {
    const sourceY = sourceIndex(y - top, image.height);
    for (let x = 0; x < width; x++) {
      const sourceX = sourceIndex(x - left, image.width);
      const target = (y * width + x) * channels;
      for (let channel = 0; channel < channels; channel++) {
        data[target + channel] = sourceY < 0 || sourceX < 0 ? value : image.data[(sourceY * image.width + sourceX) * channels + channel]!;
      }
    }
  }
  return makeImage(data, height, width, channels, copySpacing(image));
}
