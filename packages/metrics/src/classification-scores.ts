import { InvalidArgumentError } from '@spinedx/core';
import { checkNotEmpty, checkOption, checkSameLength, toLabelArray, type NumericArray } from './input-checks';
import { createLabelIndex, sortedUniqueLabels } from './label-set';

/** How per-class scores are combined, as scikit-learn's `average` (`None` is not offered). */
export type ClassificationAverage = 'binary' | 'macro' | 'micro' | 'weighted';

/** Options of {@link precisionScore}, {@link recallScore} and {@link f1Score}. */
export interface ClassificationScoreOptions {
  /** `'binary'` (default) reports `posLabel` only; the others combine every label of yTrue and yPred. */
  average?: ClassificationAverage;
  /** The positive class for `average: 'binary'`; default 1. */
  posLabel?: number;
}

const averages: readonly ClassificationAverage[] = ['binary', 'macro', 'micro', 'weighted'];

/** Precision `TP / (TP + FP)`, as scikit-learn's `precision_score`; zero division gives 0. */
export function precisionScore(yTrue: NumericArray, yPred: NumericArray, options: ClassificationScoreOptions = {}): number {
  return precisionRecallFscore('precisionScore', yTrue, yPred, options).precision;
}

/** Recall (sensitivity) `TP / (TP + FN)`, as scikit-learn's `recall_score`; zero division gives 0. */
export function recallScore(yTrue: NumericArray, yPred: NumericArray, options: ClassificationScoreOptions = {}): number {
  return precisionRecallFscore('recallScore', yTrue, yPred, options).recall;
}

/** F1 `2PR / (P + R)`, as scikit-learn's `f1_score`; macro and weighted average per-class F1 values. */
export function f1Score(yTrue: NumericArray, yPred: NumericArray, options: ClassificationScoreOptions = {}): number {
  return precisionRecallFscore('f1Score', yTrue, yPred, options).fScore;
}

interface Scores {
  precision: number;
  recall: number;
  fScore: number;
}

// scikit-learn's precision_recall_fscore_support with beta = 1 and zero_division = 'warn' (0).
function precisionRecallFscore(fn: string, yTrue: NumericArray, yPred: NumericArray, options: ClassificationScoreOptions): Scores {
  checkSameLength(fn, ['yTrue', 'yPred'], yTrue, yPred);
  checkNotEmpty(fn, 'yTrue', yTrue);
  const average = checkOption(fn, 'options.average', options.average ?? 'binary', averages);
  const truth = toLabelArray(fn, 'yTrue', yTrue);
  const predicted = toLabelArray(fn, 'yPred', yPred);
  const present = sortedUniqueLabels(truth, predicted);
  const classes = average === 'binary' ? [binaryPositiveLabel(fn, present, options.posLabel ?? 1)] : present;
  const classIndex = createLabelIndex(classes);
  const truePositives = new Array<number>(classes.length).fill(0);
  const predictedCounts = new Array<number>(classes.length).fill(0);
  const trueCounts = new Array<number>(classes.length).fill(0);
  for (let index = 0; index < truth.length; index++) {
    const trueClass = classIndex.get(truth[index]!);
    const predictedClass = classIndex.get(predicted[index]!);
    if (trueClass !== undefined) trueCounts[trueClass]! += 1;
    if (predictedClass !== undefined) predictedCounts[predictedClass]! += 1;
    if (trueClass !== undefined && trueClass === predictedClass) truePositives[trueClass]! += 1;
  }
  if (average === 'micro') return scoresFromCounts(sum(truePositives), sum(predictedCounts), sum(trueCounts));
  const perClass = classes.map((_, position) => scoresFromCounts(truePositives[position]!, predictedCounts[position]!, trueCounts[position]!));
  if (average === 'binary') return perClass[0]!;
  const weights = average === 'weighted' ? trueCounts : classes.map(() => 1);
  const totalWeight = sum(weights);
  if (totalWeight === 0) return { precision: 0, recall: 0, fScore: 0 };
  const weighted = (pick: (scores: Scores) => number): number =>
    perClass.reduce((total, scores, position) => total + pick(scores) * weights[position]!, 0) / totalWeight;
  return { precision: weighted((scores) => scores.precision), recall: weighted((scores) => scores.recall), fScore: weighted((scores) => scores.fScore) };
}

function binaryPositiveLabel(fn: string, present: number[], posLabel: number): number {
  if (present.length > 2) {
    throw new InvalidArgumentError(
      `${fn}: expected at most two labels for average 'binary', received ${present.length} labels [${present.join(', ')}]; choose average 'macro', 'micro' or 'weighted'`,
      { code: 'MULTICLASS_BINARY_AVERAGE' },
    );
  }
  // A single label present (say all 0) accepts any posLabel and scores it by zero division, as scikit-learn.
  if (present.length === 2 && !present.includes(posLabel)) {
    throw new InvalidArgumentError(`${fn}: expected posLabel to be one of [${present.join(', ')}], received ${posLabel}`, { code: 'UNKNOWN_LABEL' });
  }
  return posLabel;
}

function scoresFromCounts(truePositives: number, predictedCount: number, trueCount: number): Scores {
  const precision = predictedCount === 0 ? 0 : truePositives / predictedCount;
  const recall = trueCount === 0 ? 0 : truePositives / trueCount;
  const denominator = precision + recall;
  return { precision, recall, fScore: denominator === 0 ? 0 : (2 * precision * recall) / denominator };
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
