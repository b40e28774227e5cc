import { InvalidArgumentError } from '@spinedx/core';

/** Fraction of predictions equal to the truth, as scikit-learn's `accuracy_score`. */
export function accuracyScore(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): number {
  if (yTrue.length !== yPred.length) {
    throw new InvalidArgumentError(`accuracyScore: yTrue has ${yTrue.length} labels but yPred has ${yPred.length}`, { code: 'LENGTH_MISMATCH' });
  }
  if (yTrue.length === 0) throw new InvalidArgumentError('accuracyScore: expected at least one label, received none', { code: 'EMPTY_INPUT' });
  let correct = 0;
  for (let index = 0; index < yTrue.length; index++) if (yTrue[index] === yPred[index]) correct += 1;
  return correct / yTrue.length;
}
