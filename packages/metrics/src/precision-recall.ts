import { binaryCurve } from './binary-curve';
import { checkBinaryInput, type NumericArray } from './input-checks';

/** Precision-recall pairs, recall decreasing, ending at (recall 0, precision 1) as scikit-learn. */
export interface PrecisionRecallCurve {
  precision: number[];
  recall: number[];
  /** Increasing distinct scores; one shorter than precision and recall. */
  thresholds: number[];
}

/**
 * Precision-recall curve as scikit-learn's `precision_recall_curve` (1.2): one point per distinct score,
 * precision 0 where nothing is predicted positive, recall 1 throughout when yTrue has no positive.
 */
export function precisionRecallCurve(yTrue: NumericArray, yScore: NumericArray): PrecisionRecallCurve {
  const input = checkBinaryInput('precisionRecallCurve', yTrue, yScore);
  const curve = binaryCurve(input);
  const count = curve.thresholds.length;
  const precision: number[] = [];
  const recall: number[] = [];
  const thresholds: number[] = [];
  for (let index = count - 1; index >= 0; index--) {
    const truePositives = curve.truePositives[index]!;
    const predicted = truePositives + curve.falsePositives[index]!;
    precision.push(predicted === 0 ? 0 : truePositives / predicted);
    recall.push(input.positives === 0 ? 1 : truePositives / input.positives);
    thresholds.push(curve.thresholds[index]!);
  }
  precision.push(1);
  recall.push(0);
  return { precision, recall, thresholds };
}

/**
 * Average precision `Σ (R_k − R_{k−1}) P_k` without interpolation, as scikit-learn's
 * `average_precision_score`: tied scores form one step; 0 with no positive, 1 with no negative.
 */
export function averagePrecisionScore(yTrue: NumericArray, yScore: NumericArray): number {
  const { precision, recall } = precisionRecallCurve(yTrue, yScore);
  let total = 0;
  for (let index = 0; index < recall.length - 1; index++) total -= (recall[index + 1]! - recall[index]!) * precision[index]!;
  return total;
}
