import type { ImageArray, Random } from '@spinedx/core';
import { assertFiniteImage, copySpacing, makeImage } from '../image-checks';
import { drawFromRange, type Range } from './range-option';

/** Options of {@link randomKSpaceSpike}. */
export interface RandomKSpaceSpikeOptions {
  /** Amplitude of the resulting stripes as a fraction of the image's intensity range (default [0.02, 0.1]). */
  amplitude?: Range;
}

/**
 * A k-space spike (a single corrupted k-space sample, e.g. from an electrostatic discharge) at a random
 * frequency `(v, u)`. Adding `A·N` at one k-space position and taking the real part of the inverse DFT adds
 * exactly `A·cos(2π(u·x/W + v·y/H) + φ)` to every pixel: the herringbone artefact, computed without an FFT.
 */
export function randomKSpaceSpike(image: ImageArray, random: Random, options: RandomKSpaceSpikeOptions = {}): ImageArray<Float32Array> {
  assertFiniteImage(image, 'randomKSpaceSpike');
  const fraction = drawFromRange(random, options.amplitude ?? [0.02, 0.1], 'randomKSpaceSpike', 'amplitude', [0, Infinity]);
  const { height, width, channels } = image;
  // Spikes away from the centre of k-space: at least a quarter of the way to the edge on one axis.
  const rowFrequency = random.integer(-Math.floor(height / 2), Math.floor(height / 2));
  const minimumColumn = Math.abs(rowFrequency) < height / 8 ? Math.max(1, Math.floor(width / 8)) : 0;
  const columnFrequency = random.integer(minimumColumn, Math.floor(width / 2)) * (random.next() < 0.5 ? -1 : 1);
  const phase = random.uniform(0, 2 * Math.PI);
  const source = image.data;
  let minimum = Infinity;
  let maximum = -Infinity;
  for (let index = 0; index < source.length; index++) {
    minimum = Math.min(minimum, source[index]!);
    maximum = Math.max(maximum, source[index]!);
  }
  const amplitude = fraction * (maximum - minimum);
  const data = new Float32Array(source.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const stripe = amplitude * Math.cos(2 * Math.PI * ((columnFrequency * x) / width + (rowFrequency * y) / height) + phase);
      const offset = (y * width + x) * channels;
      for (let channel = 0; channel < channels; channel++) data[offset + channel] = source[offset + channel]! + stripe;
    }
  }
  return makeImage(data, height, width, channels, copySpacing(image));
}
