import { rocCurve } from './roc';
import type { NumericArray } from './input-checks';

/** The ROC operating point that maximises Youden's J. */
export interface YoudenPoint {
  /** Call a sample positive when its score is ≥ this threshold. */
  threshold: number;
  sensitivity: number;
  specificity: number;
  /** J = sensitivity + specificity − 1. */
  youdenIndex: number;
}

/**
 * Threshold maximising Youden's J over the ROC curve's points; on ties the highest threshold (first
 * maximum, as numpy's argmax over scikit-learn's curve). The (0, 0) point with threshold +Infinity never wins
 * over a real threshold with the same J.
 */
export function youdenThreshold(yTrue: NumericArray, yScore: NumericArray): YoudenPoint {
  const curve = rocCurve(yTrue, yScore, { dropIntermediate: false });
  let best = 1;
  for (let index = 2; index < curve.fpr.length; index++) {
    if (curve.tpr[index]! - curve.fpr[index]! > curve.tpr[best]! - curve.fpr[best]!) best = index;
  }
  const sensitivity = curve.tpr[best]!;
  const specificity = 1 - curve.fpr[best]!;
  return { threshold: curve.thresholds[best]!, sensitivity, specificity, youdenIndex: sensitivity + specificity - 1 };
}
