import { InvalidArgumentError, type TypedArray } from '@spinedx/core';
import { selectRanksByBrackets } from './bracket-selection';

// Radix selection on the order-preserving integer key of float32 values: two histogram passes (high then low
// 16 bits) find the exact k-th smallest value in O(n) without sorting or copying the image.
const binCount = 65536;
const highHistogram = new Uint32Array(binCount);
const slotOf = new Int32Array(binCount);
let lowHistograms = new Uint32Array(0);
// Bins with at most this many values are sorted directly instead of histogrammed.
const gatherLimit = 4096;
// Keys of NaN and ±Infinity (exponent all ones) fall in these high bins: a non-finite check for free.
const nonFiniteNegativeTop = 0x007f;
const nonFinitePositiveBottom = 0xff80;

function valueOfKey(key: number): number {
  const bits = key & 0x80000000 ? key & 0x7fffffff : ~key >>> 0;
  return new Float32Array(new Uint32Array([bits]).buffer)[0]!;
}

/** Finds, for each sorted 0-based rank, the float32 value at that rank. */
function selectRanksFloat32(values: Float32Array, ranks: readonly number[], caller: string): number[] {
  // Signed view: uint32 words above 2^31 would leave V8 small-integer fast paths.
  const bits = new Int32Array(values.buffer, values.byteOffset, values.length);
  highHistogram.fill(0);
  for (let index = 0; index < bits.length; index++) {
    const word = bits[index]!;
    highHistogram[word < 0 ? ~word >>> 16 : (word >>> 16) | 0x8000]!++;
  }
  let nonFinite = 0;
  for (let bin = 0; bin <= nonFiniteNegativeTop; bin++) nonFinite += highHistogram[bin]!;
  for (let bin = nonFinitePositiveBottom; bin < binCount; bin++) nonFinite += highHistogram[bin]!;
  if (nonFinite > 0) {
    throw new InvalidArgumentError(`${caller}: expected finite values, received ${nonFinite} NaN or infinite values`, { code: 'NON_FINITE' });
  }
  // One scan over the bins finds, for every rank (ascending), its high bin and its rank inside that bin.
  const order = ranks.map((_, index) => index).sort((a, b) => ranks[a]! - ranks[b]!);
  const highBins = new Array<number>(ranks.length);
  const residuals = new Array<number>(ranks.length);
  let before = 0;
  let bin = 0;
  for (const index of order) {
    while (before + highHistogram[bin]! <= ranks[index]!) before += highHistogram[bin++]!;
    highBins[index] = bin;
    residuals[index] = ranks[index]! - before;
  }
  // Second pass over the values of the bins needed: small bins are gathered and sorted; a crowded bin (such
  // as an MR background) gets a histogram of its low 16 bits instead, so the cost stays O(n).
  const distinct = [...new Set(highBins)];
  const crowded = distinct.filter((needed) => highHistogram[needed]! > gatherLimit);
  if (lowHistograms.length < crowded.length * binCount) lowHistograms = new Uint32Array(crowded.length * binCount);
  lowHistograms.fill(0, 0, crowded.length * binCount);
  const gathered = distinct.map((needed) => (highHistogram[needed]! > gatherLimit ? null : new Float32Array(highHistogram[needed]!)));
  const filled = new Int32Array(distinct.length);
  slotOf.fill(-1);
  distinct.forEach((needed, slot) => {
    slotOf[needed] = slot;
  });
  const crowdedSlot = distinct.map((needed) => crowded.indexOf(needed));
  for (let index = 0; index < bits.length; index++) {
    const word = bits[index]!;
    const slot = slotOf[word < 0 ? ~word >>> 16 : (word >>> 16) | 0x8000]!;
    if (slot < 0) continue;
    const target = gathered[slot];
    if (target) target[filled[slot]!++] = values[index]!;
    else lowHistograms[crowdedSlot[slot]! * binCount + ((word < 0 ? ~word : word) & 0xffff)]!++;
  }
  gathered.forEach((target) => target?.sort());
  return ranks.map((_, index) => {
    const slot = distinct.indexOf(highBins[index]!);
    const target = gathered[slot];
    if (target) return target[residuals[index]!]!;
    const offset = crowdedSlot[slot]! * binCount;
    let below = 0;
    let low = 0;
    while (below + lowHistograms[offset + low]! <= residuals[index]!) below += lowHistograms[offset + low++]!;
    return valueOfKey(((highBins[index]! << 16) | low) >>> 0);
  });
}

function selectRanksBySorting(values: TypedArray, ranks: readonly number[], caller: string): number[] {
  const sorted = Float64Array.from(values).sort();
  if (!Number.isFinite(sorted[0]!) || !Number.isFinite(sorted[sorted.length - 1]!)) {
    throw new InvalidArgumentError(`${caller}: expected finite values, received NaN or infinite values`, { code: 'NON_FINITE' });
  }
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
 * float32 and 8/16-bit data (large float32 arrays: one pass with sampled brackets, else a two-pass radix
 * histogram); other types are sorted in float64. NaN or ±Infinity throws (`NON_FINITE`);
 * `caller` names the function in error messages.
 */
export function computePercentiles(values: TypedArray, percentiles: readonly number[], caller = 'computePercentiles'): number[] {
  if (values.length === 0) {
    throw new InvalidArgumentError(`${caller}: expected at least one value, received an empty array`, { code: 'EMPTY' });
  }
  for (const percentile of percentiles) {
    if (!(percentile >= 0 && percentile <= 100)) {
      throw new InvalidArgumentError(`${caller}: percentiles must be in [0, 100], received ${String(percentile)}`, { code: 'OUT_OF_RANGE' });
    }
  }
  const positions = percentiles.map((percentile) => (percentile / 100) * (values.length - 1));
  const ranks = [...new Set(positions.flatMap((position) => [Math.floor(position), Math.min(Math.floor(position) + 1, values.length - 1)]))];
  let selected: number[];
  if (values instanceof Float32Array) selected = selectRanksByBrackets(values, ranks) ?? selectRanksFloat32(values, ranks, caller);
  else if (isExactInFloat32(values)) selected = selectRanksFloat32(Float32Array.from(values), ranks, caller);
  else selected = selectRanksBySorting(values, ranks, caller);
  const valueAt = new Map(ranks.map((rank, index) => [rank, selected[index]!]));
  return positions.map((position) => {
    const below = valueAt.get(Math.floor(position))!;
    const above = valueAt.get(Math.min(Math.floor(position) + 1, values.length - 1))!;
    const fraction = position - Math.floor(position);
    // numpy's _lerp: interpolate from the nearer end so the result stays within [below, above].
    return fraction >= 0.5 ? above - (above - below) * (1 - fraction) : below + (above - below) * fraction;
  });
}
