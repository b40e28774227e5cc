import { InvalidArgumentError } from '@spinedx/core';
import { checkNotEmpty, checkSameLength, toLabelArray, type NumericArray } from './input-checks';
import { createLabelIndex, sortedUniqueLabels } from './label-set';

/** Options of {@link confusionMatrix}. */
export interface ConfusionMatrixOptions {
  /** Row and column order; labels outside it are ignored. Defaults to the sorted labels of yTrue and yPred. */
  labels?: NumericArray;
}

/**
 * Confusion matrix with true labels as rows and predicted labels as columns, as scikit-learn's
 * `confusion_matrix`. For binary 0/1 labels this is `[[TN, FP], [FN, TP]]`.
 */
export function confusionMatrix(yTrue: NumericArray, yPred: NumericArray, options: ConfusionMatrixOptions = {}): number[][] {
  const fn = 'confusionMatrix';
  checkSameLength(fn, ['yTrue', 'yPred'], yTrue, yPred);
  checkNotEmpty(fn, 'yTrue', yTrue);
  const truth = toLabelArray(fn, 'yTrue', yTrue);
  const predicted = toLabelArray(fn, 'yPred', yPred);
  const labels = options.labels === undefined ? sortedUniqueLabels(truth, predicted) : checkLabels(fn, options.labels, truth);
  return countMatrix(truth, predicted, labels);
}

/** Counts pairs into a labels × labels matrix, skipping samples whose labels are not listed. */
export function countMatrix(truth: ArrayLike<number>, predicted: ArrayLike<number>, labels: readonly number[]): number[][] {
  const labelIndex = createLabelIndex(labels);
  const matrix = labels.map(() => new Array<number>(labels.length).fill(0));
  for (let index = 0; index < truth.length; index++) {
    const row = labelIndex.get(truth[index]!);
    const column = labelIndex.get(predicted[index]!);
    if (row !== undefined && column !== undefined) matrix[row]![column]! += 1;
  }
  return matrix;
}

function checkLabels(fn: string, labels: NumericArray, truth: Float64Array): number[] {
  const list = Array.from(toLabelArray(fn, 'options.labels', labels));
  if (list.length === 0) throw new InvalidArgumentError(`${fn}: expected at least one label in options.labels, received none`, { code: 'EMPTY_INPUT' });
  if (new Set(list).size !== list.length) {
    throw new InvalidArgumentError(`${fn}: expected distinct values in options.labels, received [${list.join(', ')}]`, { code: 'DUPLICATE_LABEL' });
  }
  const present = new Set(truth);
  if (!list.some((label) => present.has(label))) {
    throw new InvalidArgumentError(`${fn}: expected at least one of options.labels [${list.join(', ')}] in yTrue, received none of them`, {
      code: 'UNKNOWN_LABEL',
    });
  }
  return list;
}
