import { checkNotEmpty, checkSameLength, toLabelArray, type NumericArray } from './input-checks';

/** Fraction of predictions equal to the truth, as scikit-learn's `accuracy_score`. */
export function accuracyScore(yTrue: NumericArray, yPred: NumericArray): number {
  checkSameLength('accuracyScore', ['yTrue', 'yPred'], yTrue, yPred);
  checkNotEmpty('accuracyScore', 'yTrue', yTrue);
  const truth = toLabelArray('accuracyScore', 'yTrue', yTrue);
  const predicted = toLabelArray('accuracyScore', 'yPred', yPred);
  let correct = 0;
  for (let index = 0; index < truth.length; index++) if (truth[index] === predicted[index]) correct += 1;
  return correct / truth.length;
}
