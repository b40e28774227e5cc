import { binaryCurve, sortedClassScores } from './binary-curve';
import { checkBinaryInput, checkBothClasses, type NumericArray } from './input-checks';

/** Options of {@link rocCurve}. */
export interface RocCurveOptions {
  /** Drop points on a straight segment of the curve (scikit-learn's default, true). */
  dropIntermediate?: boolean;
}

/** Receiver operating characteristic: false and true positive rates at decreasing thresholds. */
export interface RocCurve {
  fpr: number[];
  tpr: number[];
  /**
   * Scores at which the rates are taken (predict positive when score ≥ threshold). `thresholds[0]` is
   * `+Infinity`, the point (0, 0) where nothing is called positive, as in scikit-learn ≥ 1.3.
   */
  thresholds: number[];
}

/**
 * ROC curve with the same points as scikit-learn's `roc_curve` (one per distinct score, collinear points
 * dropped by default). Both classes must occur: a rate with a zero denominator is undefined.
 */
export function rocCurve(yTrue: NumericArray, yScore: NumericArray, options: RocCurveOptions = {}): RocCurve {
  const input = checkBinaryInput('rocCurve', yTrue, yScore);
  checkBothClasses('rocCurve', input);
  const curve = binaryCurve(input);
  const kept = options.dropIntermediate === false ? curve.thresholds.map((_, index) => index) : keptIndices(curve.truePositives, curve.falsePositives);
  const fpr = [0];
  const tpr = [0];
  const thresholds = [Infinity];
  for (const index of kept) {
    fpr.push(curve.falsePositives[index]! / input.negatives);
    tpr.push(curve.truePositives[index]! / input.positives);
    thresholds.push(curve.thresholds[index]!);
  }
  return { fpr, tpr, thresholds };
}

// scikit-learn: keep the ends and every point where the second difference of fps or tps is nonzero.
function keptIndices(truePositives: Float64Array, falsePositives: Float64Array): number[] {
  const last = truePositives.length - 1;
  const kept: number[] = [];
  for (let index = 0; index <= last; index++) {
    if (index === 0 || index === last) {
      kept.push(index);
      continue;
    }
    const bendFalse = falsePositives[index - 1]! - 2 * falsePositives[index]! + falsePositives[index + 1]!;
    const bendTrue = truePositives[index - 1]! - 2 * truePositives[index]! + truePositives[index + 1]!;
    if (bendFalse !== 0 || bendTrue !== 0) kept.push(index);
  }
  return kept;
}

/**
 * Area under the ROC curve for binary labels, as scikit-learn's `roc_auc_score` (ties count one half).
 * One sort per class and integer counts: the area is exact up to a single final division.
 */
export function rocAucScore(yTrue: NumericArray, yScore: NumericArray): number {
  const input = checkBinaryInput('rocAucScore', yTrue, yScore);
  checkBothClasses('rocAucScore', input);
  const positives = sortedClassScores(input, 1);
  const negatives = sortedClassScores(input, 0);
  // Twice the Mann-Whitney U: for each negative, 2·(positives above) + (positives tied).
  let doubledPairs = 0;
  let above = positives.length;
  let positiveIndex = 0;
  let negativeIndex = 0;
  while (negativeIndex < negatives.length) {
    const value = negatives[negativeIndex]!;
    let tiedNegatives = 0;
    while (negativeIndex < negatives.length && negatives[negativeIndex] === value) {
      tiedNegatives += 1;
      negativeIndex += 1;
    }
    while (positiveIndex < positives.length && positives[positiveIndex]! < value) {
      positiveIndex += 1;
      above -= 1;
    }
    let tiedPositives = 0;
    while (positiveIndex + tiedPositives < positives.length && positives[positiveIndex + tiedPositives] === value) tiedPositives += 1;
    doubledPairs += tiedNegatives * (2 * (above - tiedPositives) + tiedPositives);
  }
  return doubledPairs / (2 * input.positives * input.negatives);
}
