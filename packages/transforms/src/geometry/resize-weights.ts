/**
 * One-dimensional resampling tables. A 2-D resize is separable: each output row/column is a weighted sum of a
 * contiguous run of input rows/columns, so a table per axis (start, count, weights) describes it completely.
 */

/** Interpolation methods of {@link resize}. */
export type ResizeMethod = 'nearest' | 'bilinear' | 'bicubic' | 'area';

/** Weights mapping `inSize` samples to `outSize` samples along one axis. */
export interface AxisWeights {
  inSize: number;
  outSize: number;
  /** Largest number of taps of any output sample (row stride of `weights`). */
  taps: number;
  /** First input index used by each output sample. */
  starts: Int32Array;
  /** Number of input samples used by each output sample. */
  counts: Int32Array;
  /** `weights[out * taps + k]` multiplies input `starts[out] + k`. */
  weights: Float32Array;
}

interface Filter {
  support: number;
  evaluate(x: number): number;
}

// Pillow's filters (src/libImaging/Resample.c): triangle and Keys cubic with a = -0.5.
const bilinearFilter: Filter = {
  support: 1,
  evaluate(x) {
    const distance = Math.abs(x);
    return distance < 1 ? 1 - distance : 0;
  },
};

const cubicA = -0.5;
const bicubicFilter: Filter = {
  support: 2,
  evaluate(x) {
    const distance = Math.abs(x);
    if (distance < 1) return ((cubicA + 2) * distance - (cubicA + 3)) * distance * distance + 1;
    if (distance < 2) return (((distance - 5) * distance + 8) * distance - 4) * cubicA;
    return 0;
  },
};

/**
 * Pillow's `precompute_coeffs`: the filter is stretched by the scale when downscaling (antialiasing), and
 * each output sample's weights are normalised to sum to one.
 */
function pillowWeights(inSize: number, outSize: number, filter: Filter): AxisWeights {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = filter.support * filterScale;
  const taps = Math.ceil(support) * 2 + 1;
  const starts = new Int32Array(outSize);
  const counts = new Int32Array(outSize);
  const weights = new Float32Array(outSize * taps);
  const inverseFilterScale = 1 / filterScale;
  const raw = new Float64Array(taps);
  for (let out = 0; out < outSize; out++) {
    const center = (out + 0.5) * scale;
    // Math.trunc mirrors C's (int) cast of the rounded bounds.
    const first = Math.max(Math.trunc(center - support + 0.5), 0);
    const count = Math.min(Math.trunc(center + support + 0.5), inSize) - first;
    let total = 0;
    for (let k = 0; k < count; k++) {
      raw[k] = filter.evaluate((k + first - center + 0.5) * inverseFilterScale);
      total += raw[k]!;
    }
    for (let k = 0; k < count; k++) weights[out * taps + k] = total === 0 ? raw[k]! : raw[k]! / total;
    starts[out] = first;
    counts[out] = count;
  }
  return { inSize, outSize, taps, starts, counts, weights };
}

/**
 * Pillow's NEAREST resize (an affine scaling): source index `floor((out + 0.5) * scale)`, accumulated by
 * repeated addition exactly as `ImagingScaleAffine` does, so ties round the same way.
 */
function nearestWeights(inSize: number, outSize: number): AxisWeights {
  const scale = inSize / outSize;
  const starts = new Int32Array(outSize);
  const counts = new Int32Array(outSize).fill(1);
  const weights = new Float32Array(outSize).fill(1);
  let position = scale * 0.5;
  for (let out = 0; out < outSize; out++) {
    starts[out] = Math.min(Math.trunc(position), inSize - 1);
    position += scale;
  }
  return { inSize, outSize, taps: 1, starts, counts, weights };
}

/**
 * OpenCV's INTER_AREA when shrinking (`computeResizeAreaTab` in modules/imgproc/src/resize.cpp): each output
 * sample averages the input cells its footprint `[out * scale, (out + 1) * scale)` covers, weighted by overlap.
 */
function areaShrinkWeights(inSize: number, outSize: number): AxisWeights {
  const scale = inSize / outSize;
  const taps = Math.ceil(scale) + 1;
  const starts = new Int32Array(outSize);
  const counts = new Int32Array(outSize);
  const weights = new Float32Array(outSize * taps);
  for (let out = 0; out < outSize; out++) {
    const from = out * scale;
    const to = from + scale;
    const cellWidth = Math.min(scale, inSize - from);
    const last = Math.min(Math.floor(to), inSize - 1);
    const firstWhole = Math.min(Math.ceil(from), last);
    let first = firstWhole;
    const entries: Array<[number, number]> = [];
    // OpenCV ignores slivers thinner than 1e-3 of a pixel.
    if (firstWhole - from > 1e-3) {
      first = firstWhole - 1;
      entries.push([firstWhole - 1, (firstWhole - from) / cellWidth]);
    }
    for (let index = firstWhole; index < last; index++) entries.push([index, 1 / cellWidth]);
    if (to - last > 1e-3) entries.push([last, Math.min(Math.min(to - last, 1), cellWidth) / cellWidth]);
    starts[out] = first;
    counts[out] = entries.length;
    entries.forEach(([index, weight]) => {
      weights[out * taps + (index - first)] = weight;
    });
  }
  return { inSize, outSize, taps, starts, counts, weights };
}

/**
 * OpenCV's INTER_AREA when not shrinking on both axes: linear interpolation whose fraction is the area
 * fraction `(out + 1) - (source + 1) / scale` (the `area_mode` branch of `cv::resize`).
 */
function areaStretchWeights(inSize: number, outSize: number): AxisWeights {
  const scale = inSize / outSize;
  const inverseScale = outSize / inSize;
  const starts = new Int32Array(outSize);
  const counts = new Int32Array(outSize);
  const weights = new Float32Array(outSize * 2);
  for (let out = 0; out < outSize; out++) {
    let source = Math.floor(out * scale);
    let fraction = Math.fround(out + 1 - (source + 1) * inverseScale);
    fraction = fraction <= 0 ? 0 : fraction - Math.floor(fraction);
    if (source < 0) {
      source = 0;
      fraction = 0;
    }
    if (source >= inSize - 1) {
      source = inSize - 1;
      fraction = 0;
    }
    starts[out] = source;
    counts[out] = fraction === 0 ? 1 : 2;
    weights[out * 2] = 1 - fraction;
    weights[out * 2 + 1] = fraction;
  }
  return { inSize, outSize, taps: 2, starts, counts, weights };
}

const cache = new Map<string, AxisWeights>();
const cacheLimit = 64;

/**
 * Weights for one axis. `shrinkBoth` tells the area method whether OpenCV takes its true area-averaging path
 * (both axes shrink or stay) or its linear fallback. Tables are cached: pipelines reuse the same few sizes.
 */
export function axisWeights(method: ResizeMethod, inSize: number, outSize: number, shrinkBoth = true): AxisWeights {
  const key = `${method}:${inSize}:${outSize}:${shrinkBoth}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  let table: AxisWeights;
  if (method === 'nearest') table = nearestWeights(inSize, outSize);
  else if (method === 'bilinear') table = pillowWeights(inSize, outSize, bilinearFilter);
  else if (method === 'bicubic') table = pillowWeights(inSize, outSize, bicubicFilter);
  else table = shrinkBoth ? areaShrinkWeights(inSize, outSize) : areaStretchWeights(inSize, outSize);
  if (cache.size >= cacheLimit) cache.delete(cache.keys().next().value!);
  cache.set(key, table);
  return table;
}

/** Keeps only the output samples `[first, first + count)` of a weight table: resizing and cropping in one pass. */
export function windowOfWeights(table: AxisWeights, first: number, count: number): AxisWeights {
  return {
    inSize: table.inSize,
    outSize: count,
    taps: table.taps,
    starts: table.starts.slice(first, first + count),
    counts: table.counts.slice(first, first + count),
    weights: table.weights.slice(first * table.taps, (first + count) * table.taps),
  };
}
