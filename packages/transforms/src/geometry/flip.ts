import { InvalidArgumentError, type ImageArray } from '@spinedx/core';
import { assertFiniteImage, copySpacing, makeImage } from '../image-checks';

/**
 * Mirrors the image: `'horizontal'` swaps left and right (columns), `'vertical'` swaps top and bottom (rows).
 * On a sagittal slice a horizontal flip swaps anterior and posterior, which keeps anatomy plausible; a
 * vertical flip puts the head at the bottom, so augmentation uses only horizontal flips by default.
 */
export function flip(image: ImageArray, axis: 'horizontal' | 'vertical'): ImageArray<Float32Array> {
  assertFiniteImage(image, 'flip');
  if (axis !== 'horizontal' && axis !== 'vertical') {
    throw new InvalidArgumentError(`flip: axis must be 'horizontal' or 'vertical', received ${String(axis)}`);
  }
  const { height, width, channels } = image;
  const data = new Float32Array(image.data.length);
  for (let y = 0; y < height; y++) {
    const sourceY = axis === 'vertical' ? height - 1 - y : y;
    for (let x = 0; x < width; x++) {
      const sourceX = axis === 'horizontal' ? width - 1 - x : x;
      const from = (sourceY * width + sourceX) * channels;
      const to = (y * width + x) * channels;
      for (let channel = 0; channel < channels; channel++) data[to + channel] = image.data[from + channel]!;
    }
  }
  return makeImage(data, height, width, channels, copySpacing(image));
}

/**
 * Rotates by `quarterTurns * 90` degrees counter-clockwise (numpy `rot90`), exactly, without interpolation.
 * Odd turns swap height/width and the two spacing entries.
 */
export function rotate90(image: ImageArray, quarterTurns: number): ImageArray<Float32Array> {
  assertFiniteImage(image, 'rotate90');
  if (!Number.isInteger(quarterTurns)) throw new InvalidArgumentError(`rotate90: quarterTurns must be an integer, received ${String(quarterTurns)}`);
  const turns = ((quarterTurns % 4) + 4) % 4;
  const { height, width, channels } = image;
  const swapped = turns % 2 === 1;
  const outHeight = swapped ? width : height;
  const outWidth = swapped ? height : width;
  const data = new Float32Array(image.data.length);
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      // Source pixel of output (y, x) for a counter-clockwise rotation.
      let sourceY = y;
      let sourceX = x;
      if (turns === 1) [sourceY, sourceX] = [x, width - 1 - y];
      else if (turns === 2) [sourceY, sourceX] = [height - 1 - y, width - 1 - x];
      else if (turns === 3) [sourceY, sourceX] = [height - 1 - x, y];
      const from = (sourceY * width + sourceX) * channels;
      const to = (y * outWidth + x) * channels;
      for (let channel = 0; channel < channels; channel++) data[to + channel] = image.data[from + channel]!;
    }
  }
  const spacing = image.spacing === undefined ? undefined : swapped ? ([image.spacing[1], image.spacing[0]] as [number, number]) : copySpacing(image);
  return makeImage(data, outHeight, outWidth, channels, spacing);
}
