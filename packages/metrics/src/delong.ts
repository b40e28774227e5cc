import { sortedClassScores } from './binary-curve';
import { checkBinaryInput, checkBothClasses, checkOpenUnit, checkSameLength, type BinaryInput, type NumericArray } from './input-checks';
import { normalCdf, normalQuantile } from './normal-distribution';

/** AUC with its DeLong variance and confidence interval. */
export interface DelongInterval {
  auc: number;
  /** DeLong variance `var(V10)/m + var(V01)/n`; NaN with fewer than 2 positives or 2 negatives. */
  variance: number;
  lower: number;
  upper: number;
}

/** Options of {@link delongCi}. */
export interface DelongCiOptions {
  /** Confidence level, default 0.95. */
  level?: number;
}

/**
 * AUC and its DeLong confidence interval `auc ± Φ⁻¹(1 − (1 − level)/2)·√variance`, clipped to [0, 1], as
 * R's pROC (`ci.auc(roc, method = 'delong')`, `var(roc)`), with `direction '<'`: higher scores mean positive.
 * O(n log n): one sort per class, then a linear merge for the placement values.
 */
export function delongCi(yTrue: NumericArray, yScore: NumericArray, options: DelongCiOptions = {}): DelongInterval {
  const level = options.level ?? 0.95;
  checkOpenUnit('delongCi', 'options.level', level);
  const input = checkBinaryInput('delongCi', yTrue, yScore);
  checkBothClasses('delongCi', input);
  const positives = sortedClassScores(input, 1);
  const negatives = sortedClassScores(input, 0);
  const positivePlacements = sortedPlacements(positives, negatives, 'below');
  const negativePlacements = sortedPlacements(negatives, positives, 'above');
  const auc = mean(positivePlacements);
  const variance = sampleVariance(positivePlacements, auc) / positives.length + sampleVariance(negativePlacements, auc) / negatives.length;
  const halfWidth = normalQuantile(1 - (1 - level) / 2) * Math.sqrt(variance);
  return { auc, variance, lower: Math.max(0, auc - halfWidth), upper: Math.min(1, auc + halfWidth) };
}

/** Paired DeLong test of two AUCs on the same samples. */
export interface DelongTestResult {
  aucA: number;
  aucB: number;
  /** `(aucA − aucB) / √(varA + varB − 2 covAB)`; 0 when both difference and standard error are 0. */
  z: number;
  /** Two-sided `2Φ(−|z|)`. */
  pValue: number;
}

/**
 * Paired DeLong test (DeLong, DeLong & Clarke-Pearson 1988) that two scores of the same samples have the same
 * AUC, as pROC's `roc.test(roc1, roc2, method = 'delong', paired = TRUE)`.
 */
export function delongTest(yTrue: NumericArray, yScoreA: NumericArray, yScoreB: NumericArray): DelongTestResult {
  const fn = 'delongTest';
  checkSameLength(fn, ['yScoreA', 'yScoreB'], yScoreA, yScoreB);
  const inputA = checkBinaryInput(fn, yTrue, yScoreA, 'yScoreA');
  const inputB = checkBinaryInput(fn, yTrue, yScoreB, 'yScoreB');
  checkBothClasses(fn, inputA);
  const a = placementsInOrder(inputA);
  const b = placementsInOrder(inputB);
  const aucA = mean(a.positive);
  const aucB = mean(b.positive);
  // var(A − B) from the differences of placements: equal to varA + varB − 2covAB and never negative.
  const positiveDifference = a.positive.map((value, index) => value - b.positive[index]!);
  const negativeDifference = a.negative.map((value, index) => value - b.negative[index]!);
  const variance =
    sampleVariance(positiveDifference, aucA - aucB) / positiveDifference.length + sampleVariance(negativeDifference, aucA - aucB) / negativeDifference.length;
  const difference = aucA - aucB;
  const standardError = Math.sqrt(variance);
  // pROC: no difference gives z = 0 even when the standard error is 0 (or undefined, with a single case).
  const z = difference === 0 && !(standardError > 0) ? 0 : difference / standardError;
  return { aucA, aucB, z, pValue: 2 * normalCdf(-Math.abs(z)) };
}

/**
 * Placement values of sorted `own` scores against sorted `other` scores: for positives the fraction of
 * negatives below (ties count 1/2), for negatives the fraction of positives above. Linear two-pointer merge.
 */
function sortedPlacements(own: Float64Array, other: Float64Array, side: 'below' | 'above'): Float64Array {
  const placements = new Float64Array(own.length);
  let less = 0;
  let lessOrEqual = 0;
  for (let index = 0; index < own.length; index++) {
    const value = own[index]!;
    while (less < other.length && other[less]! < value) less += 1;
    if (lessOrEqual < less) lessOrEqual = less;
    while (lessOrEqual < other.length && other[lessOrEqual]! <= value) lessOrEqual += 1;
    const tied = lessOrEqual - less;
    const strictly = side === 'below' ? less : other.length - lessOrEqual;
    placements[index] = (strictly + tied / 2) / other.length;
  }
  return placements;
}

/** Placement values in sample order (needed to pair two scores of the same sample), by binary search. */
function placementsInOrder(input: BinaryInput): { positive: Float64Array; negative: Float64Array } {
  const sortedPositives = sortedClassScores(input, 1);
  const sortedNegatives = sortedClassScores(input, 0);
  const positive = new Float64Array(input.positives);
  const negative = new Float64Array(input.negatives);
  let positiveIndex = 0;
  let negativeIndex = 0;
  for (let index = 0; index < input.labels.length; index++) {
    const value = input.scores[index]!;
    if (input.labels[index] === 1) {
      const less = countLess(sortedNegatives, value);
      const tied = countLess(sortedNegatives, value, true) - less;
      positive[positiveIndex++] = (less + tied / 2) / sortedNegatives.length;
    } else {
      const lessOrEqual = countLess(sortedPositives, value, true);
      const tied = lessOrEqual - countLess(sortedPositives, value);
      negative[negativeIndex++] = (sortedPositives.length - lessOrEqual + tied / 2) / sortedPositives.length;
    }
  }
  return { positive, negative };
}

/** Number of sorted values below `value` (or at most `value` when `orEqual`). */
function countLess(sorted: Float64Array, value: number, orEqual = false): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const below = orEqual ? sorted[middle]! <= value : sorted[middle]! < value;
    if (below) low = middle + 1;
    else high = middle;
  }
  return low;
}

function mean(values: Float64Array): number {
  let total = 0;
  for (let index = 0; index < values.length; index++) total += values[index]!;
  return total / values.length;
}

/** Sum of squared deviations from `center` over n − 1 (NaN for a single value, as R's NA). */
function sampleVariance(values: Float64Array, center: number): number {
  let total = 0;
  for (let index = 0; index < values.length; index++) {
    const deviation = values[index]! - center;
    total += deviation * deviation;
  }
  return values.length < 2 ? NaN : total / (values.length - 1);
}
