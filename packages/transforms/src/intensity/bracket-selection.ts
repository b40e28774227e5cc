// Exact order statistics of a large float32 array in one pass: a strided sample, sorted, brackets each wanted
// rank between two sample values with high probability; one pass then counts the values below each bracket and
// gathers the few inside it, and a selection inside the gathered values gives the exact answer. The sample
// only decides how fast this is, never the result: a bracket that misses its rank (or gathers too much) makes the
// caller fall back to the histogram path.

/** Arrays shorter than this go straight to the histogram path: sampling would not pay for itself. */
export const bracketMinimumLength = 32768;
const sampleSize = 2048;
// Gathering more than this fraction of the values means the data defeat the sample (e.g. heavy ties).
const gatherFraction = 1 / 32;

const sample = new Float32Array(sampleSize);
let firstGathered = new Float32Array(0);
let secondGathered = new Float32Array(0);

/** Sample positions either side of a rank's expected place: 4 standard deviations of its binomial count plus a margin. */
function bracketHalfWidth(position: number): number {
  const fraction = position / (sampleSize - 1);
  return Math.ceil(4 * Math.sqrt(sampleSize * fraction * (1 - fraction))) + 3;
}

function swap(values: Float32Array, a: number, b: number): void {
  const held = values[a]!;
  values[a] = values[b]!;
  values[b] = held;
}

/** Moves the k-th smallest of `values[0, length)` to index k (Hoare quickselect, median-of-three pivots). */
function quickselect(values: Float32Array, length: number, k: number): number {
  let left = 0;
  let right = length - 1;
  while (right > left) {
    const middle = (left + right) >> 1;
    if (values[middle]! < values[left]!) swap(values, middle, left);
    if (values[right]! < values[left]!) swap(values, right, left);
    if (values[right]! < values[middle]!) swap(values, right, middle);
    const pivot = values[middle]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) swap(values, i++, j--);
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return values[k]!;
}

interface Bracket {
  low: number;
  high: number;
}

function hasNonFinite(values: Float32Array, length: number): boolean {
  for (let index = 0; index < length; index++) if (!Number.isFinite(values[index]!)) return true;
  return false;
}

/**
 * The values at the given sorted 0-based ranks, or null when the fast path cannot answer exactly (then use the
 * histogram path, which also reports NaN/Infinity). At most two disjoint brackets are supported, enough for a
 * pair of percentiles such as 0.5-99.5, and their neighbouring ranks.
 */
export function selectRanksByBrackets(values: Float32Array, ranks: readonly number[]): number[] | null {
  const length = values.length;
  if (length < bracketMinimumLength) return null;
  for (let index = 0; index < sampleSize; index++) sample[index] = values[Math.floor((index * (length - 1)) / (sampleSize - 1))]!;
  if (hasNonFinite(sample, sampleSize)) return null;
  sample.sort();
  // One bracket per rank, merged where they overlap; more than two brackets is left to the histogram path.
  const brackets: Bracket[] = [];
  for (const rank of [...ranks].sort((a, b) => a - b)) {
    const position = (rank / (length - 1)) * (sampleSize - 1);
    const halfWidth = bracketHalfWidth(position);
    const lowIndex = Math.floor(position) - halfWidth;
    const highIndex = Math.ceil(position) + halfWidth;
    const bracket = { low: lowIndex < 0 ? -Infinity : sample[lowIndex]!, high: highIndex >= sampleSize ? Infinity : sample[highIndex]! };
    const last = brackets[brackets.length - 1];
    if (last !== undefined && bracket.low <= last.high) last.high = Math.max(last.high, bracket.high);
    else brackets.push(bracket);
  }
  if (brackets.length > 2) return null;
  const first = brackets[0]!;
  // An absent second bracket is empty and lies above everything finite.
  const second = brackets[1] ?? { low: Infinity, high: -Infinity };
  const capacity = Math.ceil(length * gatherFraction);
  if (firstGathered.length < capacity) {
    firstGathered = new Float32Array(capacity);
    secondGathered = new Float32Array(capacity);
  }
  const firstLow = first.low;
  const firstHigh = first.high;
  const secondLow = second.low;
  const secondHigh = second.high;
  let below = 0;
  let above = 0;
  let firstCount = 0;
  let secondCount = 0;
  let nonFinite = 0;
  for (let index = 0; index < length; index++) {
    const value = values[index]!;
    // Most values lie between the brackets: two comparisons and nothing else.
    if (value > firstHigh && value < secondLow) continue;
    if (value < firstLow) {
      below++;
      if (value === -Infinity) nonFinite++;
    } else if (value <= firstHigh) {
      if (firstCount < capacity) firstGathered[firstCount] = value;
      firstCount++;
    } else if (value <= secondHigh) {
      if (secondCount < capacity) secondGathered[secondCount] = value;
      secondCount++;
    } else {
      above++;
      // NaN fails every comparison and lands here, as does +Infinity.
      if (!(value < Infinity)) nonFinite++;
    }
  }
  if (nonFinite > 0 || firstCount > capacity || secondCount > capacity) return null;
  // Open-ended brackets gather ±Infinity: the histogram path reports them.
  if (hasNonFinite(firstGathered, firstCount) || hasNonFinite(secondGathered, secondCount)) return null;
  const secondStart = length - above - secondCount;
  const answers: number[] = [];
  for (const rank of ranks) {
    if (rank >= below && rank < below + firstCount) answers.push(quickselect(firstGathered, firstCount, rank - below));
    else if (rank >= secondStart && rank < secondStart + secondCount) answers.push(quickselect(secondGathered, secondCount, rank - secondStart));
    else return null;
  }
  return answers;
}
