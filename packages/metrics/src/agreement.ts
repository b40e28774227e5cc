import { checkOption, checkNotEmpty, checkSameLength, toLabelArray, type NumericArray } from './input-checks';
import { countMatrix } from './confusion-matrix';
import { sortedUniqueLabels } from './label-set';

/**
 * Matthews correlation coefficient for binary or multiclass labels, as scikit-learn's `matthews_corrcoef`
 * (Gorodkin's R_K); 0 when a marginal is constant.
 */
export function matthewsCorrcoef(yTrue: NumericArray, yPred: NumericArray): number {
  const fn = 'matthewsCorrcoef';
  checkSameLength(fn, ['yTrue', 'yPred'], yTrue, yPred);
  checkNotEmpty(fn, 'yTrue', yTrue);
  const truth = toLabelArray(fn, 'yTrue', yTrue);
  const predicted = toLabelArray(fn, 'yPred', yPred);
  const matrix = countMatrix(truth, predicted, sortedUniqueLabels(truth, predicted));
  const trueSums = matrix.map((row) => row.reduce((total, value) => total + value, 0));
  const predictedSums = matrix.map((_, column) => matrix.reduce((total, row) => total + row[column]!, 0));
  const correct = matrix.reduce((total, row, position) => total + row[position]!, 0);
  const samples = predictedSums.reduce((total, value) => total + value, 0);
  const dot = (left: number[], right: number[]): number => left.reduce((total, value, position) => total + value * right[position]!, 0);
  const covariancePredictedTrue = correct * samples - dot(trueSums, predictedSums);
  const covariancePredicted = samples * samples - dot(predictedSums, predictedSums);
  const covarianceTrue = samples * samples - dot(trueSums, trueSums);
  if (covariancePredicted * covarianceTrue === 0) return 0;
  return covariancePredictedTrue / Math.sqrt(covarianceTrue * covariancePredicted);
}

/** Disagreement weights of {@link cohenKappaScore}: none (plain kappa), linear or quadratic in the label rank. */
export interface CohenKappaOptions {
  weights?: 'linear' | 'quadratic';
}

/**
 * Cohen's kappa between two raters, as scikit-learn's `cohen_kappa_score`. Weights use the rank of a label
 * among the sorted labels, not its value. NaN when both raters give one and the same label throughout.
 */
export function cohenKappaScore(y1: NumericArray, y2: NumericArray, options: CohenKappaOptions = {}): number {
  const fn = 'cohenKappaScore';
  checkSameLength(fn, ['y1', 'y2'], y1, y2);
  checkNotEmpty(fn, 'y1', y1);
  const weighting = options.weights === undefined ? undefined : checkOption(fn, 'options.weights', options.weights, ['linear', 'quadratic'] as const);
  const first = toLabelArray(fn, 'y1', y1);
  const second = toLabelArray(fn, 'y2', y2);
  const matrix = countMatrix(first, second, sortedUniqueLabels(first, second));
  const size = matrix.length;
  const columnSums = matrix.map((_, column) => matrix.reduce((total, row) => total + row[column]!, 0));
  const rowSums = matrix.map((row) => row.reduce((total, value) => total + value, 0));
  const total = columnSums.reduce((accumulated, value) => accumulated + value, 0);
  const weight = (row: number, column: number): number => {
    if (weighting === undefined) return row === column ? 0 : 1;
    const distance = Math.abs(row - column);
    return weighting === 'linear' ? distance : distance * distance;
  };
  let observed = 0;
  let expected = 0;
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      observed += weight(row, column) * matrix[row]![column]!;
      expected += weight(row, column) * ((columnSums[row]! * rowSums[column]!) / total);
    }
  }
  return 1 - observed / expected;
}
