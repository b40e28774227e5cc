import type { ImageArray } from '@spinedx/core';
import { assertFiniteImage, assertPositiveInteger, copySpacing, makeImage } from '../image-checks';

/** Options of {@link histogramEqualize}. */
export interface HistogramEqualizeOptions {
  /** Number of histogram bins between the image minimum and maximum (default 256). */
  bins?: number;
}

/**
 * Histogram equalisation to [0, 1], as scikit-image's `exposure.equalize_hist`: the normalised cumulative
 * histogram, linearly interpolated at each value between bin centres. A constant image maps to 1.
 */
export function histogramEqualize(image: ImageArray, options: HistogramEqualizeOptions = {}): ImageArray<Float32Array> {
  assertFiniteImage(image, 'histogramEqualize');
  const bins = options.bins ?? 256;
  assertPositiveInteger('histogramEqualize', 'bins', bins);
  const source = image.data;
  let minimum = Infinity;
  let maximum = -Infinity;
  for (let index = 0; index < source.length; index++) {
    minimum = Math.min(minimum, source[index]!);
    maximum = Math.max(maximum, source[index]!);
  }
  const data = new Float32Array(source.length);
  if (minimum === maximum) {
    data.fill(1);
    return makeImage(data, image.height, image.width, image.channels, copySpacing(image));
  }
  const binWidth = (maximum - minimum) / bins;
  const cumulative = new Float64Array(bins);
  for (let index = 0; index < source.length; index++) {
    cumulative[Math.min(Math.floor((source[index]! - minimum) / binWidth), bins - 1)]!++;
  }
  for (let bin = 1; bin < bins; bin++) cumulative[bin] = cumulative[bin]! + cumulative[bin - 1]!;
  const total = cumulative[bins - 1]!;
  for (let index = 0; index < source.length; index++) {
    // np.interp(value, bin_centres, cdf): clamp outside the first/last centre.
    const position = (source[index]! - minimum) / binWidth - 0.5;
    const below = Math.floor(position);
    if (below < 0) data[index] = cumulative[0]! / total;
    else if (below >= bins - 1) data[index] = 1;
    else {
      const fraction = position - below;
      data[index] = (cumulative[below]! * (1 - fraction) + cumulative[below + 1]! * fraction) / total;
    }
  }
  return makeImage(data, image.height, image.width, image.channels, copySpacing(image));
}
