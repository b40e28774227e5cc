import { InvalidArgumentError, type TypedArray } from '@spinedx/core';

// Radix selection on the order-preserving integer key of float32 values: two histogram passes (high then low
// 16 bits) find the exact k-th smallest value in O(n) without sorting or copying the image.
const binCount = 65536;
const highHistogram = new Uint32Array(binCount);
let lowHistograms = new Uint32Array(0);

function keyOf(bits: number): number {
  return (bits & 0x80000000 ? ~bits : bits | 0x80000000) >>> 0;
}

function valueOfKey(key: number): number {
  const bits = key & 0x80000000 ? key & 0x7fffffff : ~key >>> 0;
  return new Float32Array(new Uint32Array([bits]).buffer)[0]!;
}

/** Finds, for each sorted 0-based rank, the float32 value at that rank. */
function selectRanksFloat32(values: Float32Array, ranks: readonly number[]): number[] {
  const bits = new Uint32Array(values.buffer, values.byteOffset, values.length);
  highHistogram.fill(0);
  for (let index = 0; index < bits.length; index++) highHistogram[keyOf(bits[index]!) >>> 16]!++;
  // For each rank: its high bin and its rank inside that bin.
  const highBins: number[] = [];
  const residuals: number[] = [];
  for (const rank of ranks) {
    let before = 0;
    let bin = 0;
    while (before + highHistogram[bin]! <= rank) before += highHistogram[bin++]!;
    highBins.push(bin);
    residuals.push(rank - before);
  }
  const distinct = [...new Set(highBins)];
  if (lowHistograms.length < distinct.length * binCount) lowHistograms = new Uint32Array(distinct.length * binCount);
  lowHistograms.fill(0, 0, distinct.length * binCount);
  const slotOf = new Int32Array(binCount).fill(-1);
  distinct.forEach((bin, slot) => {
    slotOf[bin] = slot;
  });
  for (let index = 0; index < bits.length; index++) {
    const key = keyOf(bits[index]!);
    const slot = slotOf[key >>> 16]!;
    if (slot >= 0) lowHistograms[slot * binCount + (key & 0xffff)]!++;
  }
  return ranks.map((_, index) => {
    const slot = distinct.indexOf(highBins[index]!);
    const offset = slot * binCount;
    let before = 0;
    let low = 0;
    while (before + lowHistograms[offset + low]! <= residuals[index]!) before += lowHistograms[offset + low++]!;
    return valueOfKey(((highBins[index]! << 16) | low) >>> 0);
  });
}

function selectRanksBySorting(values: TypedArray, ranks: readonly number[]): number[] {
  const sorted = Float64Array.from(values).sort();
  return ranks.map((rank) => sorted[rank]!);
}

function isExactInFloat32(values: TypedArray): boolean {
  return (
    values instanceof Float32Array ||
    values instanceof Uint8Array ||
    values instanceof Uint8ClampedArray ||
    values instanceof Int8Array ||
    values instanceof Uint16Array ||
    values instanceof Int16Array
  );
}

/**
 * Percentiles (0-100) of `values` with numpy's default 'linear' method: the value at fractional rank
 * `q / 100 * (n - 1)`, interpolated between its two neighbours. Exact, O(n), and allocation-light for
 * float32 and 8/16-bit data; other types are sorted in float64.
 */
export function computePercentiles(values: TypedArray, percentiles: readonly number[]): number[] {
  if (values.length === 0) {
    throw new InvalidArgumentError('computePercentiles: expected at least one value, received an empty array', { code: 'EMPTY' });
  }
  for (const percentile of percentiles) {
    if (!(percentile >= 0 && percentile <= 100)) {
      throw new InvalidArgumentError(`computePercentiles: percentiles must be in [0, 100], received ${String(percentile)}`, { code: 'OUT_OF_RANGE' });
    }
  }
  const positions = percentiles.map((percentile) => (percentile / 100) * (values.length - 1));
  const ranks = [...new Set(positions.flatMap((position) => [Math.floor(position), Math.min(Math.floor(position) + 1, values.length - 1)]))];
  let selected: number[];
  if (values instanceof Float32Array) selected = selectRanksFloat32(values, ranks);
  else if (isExactInFloat32(values)) selected = selectRanksFloat32(Float32Array.from(values), ranks);
  else selected = selectRanksBySorting(values, ranks);
  const valueAt = new Map(ranks.map((rank, index) => [rank, selected[index]!]));
  return positions.map((position) => {
    const below = valueAt.get(Math.floor(position))!;
    const above = valueAt.get(Math.min(Math.floor(position) + 1, values.length - 1))!;
    const fraction = position - Math.floor(position);
    // numpy's _lerp: interpolate from the nearer end so the result stays within [below, above].
    return fraction >= 0.5 ? above - (above - below) * (1 - fraction) : below + (above - below) * fraction;
  });
}
