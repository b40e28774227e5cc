import type { ImageArray } from '@spinedx/core';
import { assertFiniteImage, assertPositiveInteger } from '../image-checks';
import { resize } from './resize';
import type { ResizeMethod } from './resize-weights';

/** Output size of torchvision's `Resize(size)` with a single int: the shorter side becomes `size`. */
export function shortestEdgeSize(height: number, width: number, size: number): { height: number; width: number } {
  if (height <= width) return { height: size, width: Math.trunc((size * width) / height) };
  return { height: Math.trunc((size * height) / width), width: size };
}

/** Options of {@link resizeShortestEdge}. */
export interface ResizeShortestEdgeOptions {
  size: number;
  method: ResizeMethod;
}

/** Resizes so the shorter side is `size`, keeping the aspect ratio (timm's evaluation resize). */
export function resizeShortestEdge(image: ImageArray, options: ResizeShortestEdgeOptions): ImageArray<Float32Array> {
  assertFiniteImage(image, 'resizeShortestEdge');
  assertPositiveInteger('resizeShortestEdge', 'size', options.size);
  return resize(image, { ...shortestEdgeSize(image.height, image.width, options.size), method: options.method });
}
