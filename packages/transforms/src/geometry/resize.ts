import { InvalidArgumentError, type ImageArray } from '@spinedx/core';
import { assertFiniteImage, assertPositiveInteger, makeImage } from '../image-checks';
import { resampleSeparable, type ResampleScratch } from './separable-resample';
import { axisWeights, type ResizeMethod } from './resize-weights';

/** Options of {@link resize}. */
export interface ResizeOptions {
  height: number;
  width: number;
  /**
   * `'nearest'`, `'bilinear'` and `'bicubic'` follow Pillow's `Image.resize` (bilinear/bicubic widen their
   * kernel when shrinking, i.e. antialias, as timm's preprocessing does); `'area'` follows OpenCV's INTER_AREA.
   */
  method: ResizeMethod;
  /** Write the result into this buffer (length `height * width * channels`) instead of allocating one. */
  output?: Float32Array;
}

const methods: readonly ResizeMethod[] = ['nearest', 'bilinear', 'bicubic', 'area'];
const sharedScratch: ResampleScratch = { buffer: new Float32Array(0) };

/**
 * Resizes an image to `height x width`. Spacing scales with the grid: a pixel of the result covers
 * `spacing * inSize / outSize` millimetres. Resizing to the same size returns an exact copy.
 */
export function resize(image: ImageArray, options: ResizeOptions): ImageArray<Float32Array> {
  assertFiniteImage(image, 'resize');
  const { height, width, method } = options;
  assertPositiveInteger('resize', 'height', height);
  assertPositiveInteger('resize', 'width', width);
  if (!methods.includes(method)) {
    throw new InvalidArgumentError(`resize: method must be one of ${methods.join(', ')}, received ${String(method)}`);
  }
  const size = height * width * image.channels;
  const output = options.output ?? new Float32Array(size);
  if (output.length !== size) {
    throw new InvalidArgumentError(`resize: output buffer must hold ${size} values, received ${output.length}`, { code: 'SHAPE_MISMATCH' });
  }
  const spacing: [number, number] | undefined =
    image.spacing === undefined ? undefined : [image.spacing[0] * (image.height / height), image.spacing[1] * (image.width / width)];
  if (height === image.height && width === image.width) {
    output.set(image.data);
    return makeImage(output, height, width, image.channels, spacing);
  }
  const shrinkBoth = height <= image.height && width <= image.width;
  const rows = axisWeights(method, image.height, height, shrinkBoth);
  const columns = axisWeights(method, image.width, width, shrinkBoth);
  // One source type keeps the inner loops monomorphic (fast); integer pixels are exact in float32 up to 2^24.
  const source = image.data instanceof Float32Array ? image.data : Float32Array.from(image.data);
  resampleSeparable(source, image.width, image.channels, rows, columns, output, sharedScratch);
  return makeImage(output, height, width, image.channels, spacing);
}
