import type { ImageArray, Random } from '@spinedx/core';
import { assertFiniteImage, copySpacing, makeImage } from '../image-checks';
import { drawFromRange, type Range } from './range-option';

/** Options of {@link randomGibbsRinging}. */
export interface RandomGibbsRingingOptions {
  /** Fraction of k-space removed from each axis' edges (default [0.3, 0.7]); 0 keeps the image unchanged. */
  alpha?: Range;
}

/**
 * Dirichlet kernel of keeping frequencies |k| <= kept of an n-point DFT: truncating k-space equals circular
 * convolution with it, so the 2-D truncation (a separable rectangle) is two 1-D convolutions with real weights.
 */
function truncationKernel(size: number, kept: number): Float64Array {
  const kernel = new Float64Array(size);
  for (let offset = 0; offset < size; offset++) {
    let sum = 1;
    for (let frequency = 1; frequency <= kept; frequency++) sum += 2 * Math.cos((2 * Math.PI * frequency * offset) / size);
    kernel[offset] = sum / size;
  }
  return kernel;
}

function convolveAxis(data: Float32Array, count: number, length: number, stride: number, step: number, kernel: Float64Array): void {
  const line = new Float64Array(length);
  for (let lineIndex = 0; lineIndex < count; lineIndex++) {
    const base = lineIndex * stride;
    for (let position = 0; position < length; position++) {
      let sum = 0;
      for (let source = 0; source < length; source++) {
        const offset = position - source;
        sum += data[base + source * step]! * kernel[offset < 0 ? offset + length : offset]!;
      }
      line[position] = sum;
    }
    for (let position = 0; position < length; position++) data[base + position * step] = line[position]!;
  }
}

/**
 * Gibbs ringing (truncation artefact, as MONAI's `GibbsNoise`): k-space is cut to its central
 * `(1 - alpha)` part on both axes, which rings at sharp edges such as the vertebral endplates and cord.
 * Computed exactly as separable circular convolution, O(H·W·(H + W)).
 */
export function randomGibbsRinging(image: ImageArray, random: Random, options: RandomGibbsRingingOptions = {}): ImageArray<Float32Array> {
  assertFiniteImage(image, 'randomGibbsRinging');
  const alpha = drawFromRange(random, options.alpha ?? [0.3, 0.7], 'randomGibbsRinging', 'alpha', [0, 1]);
  const { height, width, channels } = image;
  const data = Float32Array.from(image.data);
  const keptRows = Math.floor(((1 - alpha) * height) / 2);
  const keptColumns = Math.floor(((1 - alpha) * width) / 2);
  // Keeping every frequency (up to Nyquist) is the identity: skip the O(n²) work on that axis.
  if (keptRows < Math.floor(height / 2)) {
    const kernel = truncationKernel(height, keptRows);
    for (let channel = 0; channel < channels; channel++) convolveAxis(data.subarray(channel), width, height, channels, width * channels, kernel);
  }
  if (keptColumns < Math.floor(width / 2)) {
    const kernel = truncationKernel(width, keptColumns);
    for (let channel = 0; channel < channels; channel++) convolveAxis(data.subarray(channel), height, width, width * channels, channels, kernel);
  }
  return makeImage(data, height, width, channels, copySpacing(image));
}
