import { InvalidArgumentError } from '@spinedx/core';

/** The figures a diagnostic-accuracy paper reads off a 2×2 table. */
export interface BinaryRates {
  truePositives: number;
  falsePositives: number;
  trueNegatives: number;
  falseNegatives: number;
  /** TP / (TP + FN), recall. */
  sensitivity: number;
  /** TN / (TN + FP). */
  specificity: number;
  /** TP / (TP + FP), precision. */
  positivePredictiveValue: number;
  /** TN / (TN + FN). */
  negativePredictiveValue: number;
  /** (TP + TN) / n. */
  accuracy: number;
  /** (sensitivity + specificity) / 2. */
  balancedAccuracy: number;
  /** Youden's J = sensitivity + specificity − 1. */
  youdenIndex: number;
}

/**
 * Rates of a binary confusion matrix `[[TN, FP], [FN, TP]]` (rows true, columns predicted, as
 * {@link confusionMatrix} returns for labels 0/1). A rate with a zero denominator is NaN (undefined),
 * not 0, so a report shows "n/a" instead of a false 0%.
 */
export function binaryRates(matrix: readonly (readonly number[])[]): BinaryRates {
  const fn = 'binaryRates';
  if (matrix.length !== 2 || matrix.some((row) => row.length !== 2)) {
    throw new InvalidArgumentError(`${fn}: expected a 2x2 confusion matrix [[TN, FP], [FN, TP]], received ${JSON.stringify(matrix)}`, { code: 'SHAPE_MISMATCH' });
  }
  const cells = matrix.flat();
  if (cells.some((value) => !Number.isFinite(value) || value < 0)) {
    throw new InvalidArgumentError(`${fn}: expected non-negative finite counts, received ${JSON.stringify(matrix)}`, { code: 'OUT_OF_RANGE' });
  }
  const [trueNegatives, falsePositives, falseNegatives, truePositives] = cells as [number, number, number, number];
  const ratio = (numerator: number, denominator: number): number => (denominator === 0 ? NaN : numerator / denominator);
  const sensitivity = ratio(truePositives, truePositives + falseNegatives);
  const specificity = ratio(trueNegatives, trueNegatives + falsePositives);
  return {
    truePositives,
    falsePositives,
    trueNegatives,
    falseNegatives,
    sensitivity,
    specificity,
    positivePredictiveValue: ratio(truePositives, truePositives + falsePositives),
    negativePredictiveValue: ratio(trueNegatives, trueNegatives + falseNegatives),
    accuracy: ratio(truePositives + trueNegatives, truePositives + trueNegatives + falsePositives + falseNegatives),
    balancedAccuracy: (sensitivity + specificity) / 2,
    youdenIndex: sensitivity + specificity - 1,
  };
}
