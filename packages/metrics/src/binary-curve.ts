import { sortScores } from './sort-scores';
import type { BinaryInput } from './input-checks';

/** Cumulative counts at each distinct score, highest first (scikit-learn's `_binary_clf_curve`). */
export interface BinaryCurve {
  /** Distinct scores in decreasing order. */
  thresholds: Float64Array;
  /** Positives with a score ≥ the threshold. */
  truePositives: Float64Array;
  /** Negatives with a score ≥ the threshold. */
  falsePositives: Float64Array;
}

/** Scores of one class sorted ascending (radix sort for large inputs, no comparator calls). */
export function sortedClassScores(input: BinaryInput, label: 0 | 1): Float64Array {
  const count = label === 1 ? input.positives : input.negatives;
  const scores = new Float64Array(count);
  let next = 0;
  for (let index = 0; index < input.labels.length; index++) if (input.labels[index] === label) scores[next++] = input.scores[index]!;
  return sortScores(scores);
}

/**
 * One point per distinct score: tied scores form a single point. Sorting each class once and merging them
 * from the top keeps it O(n log n) with no index permutation.
 */
export function binaryCurve(input: BinaryInput): BinaryCurve {
  const positives = sortedClassScores(input, 1);
  const negatives = sortedClassScores(input, 0);
  const thresholds: number[] = [];
  const truePositives: number[] = [];
  const falsePositives: number[] = [];
  let positiveIndex = positives.length - 1;
  let negativeIndex = negatives.length - 1;
  let truePositiveCount = 0;
  let falsePositiveCount = 0;
  while (positiveIndex >= 0 || negativeIndex >= 0) {
    const threshold = Math.max(positiveIndex >= 0 ? positives[positiveIndex]! : -Infinity, negativeIndex >= 0 ? negatives[negativeIndex]! : -Infinity);
    while (positiveIndex >= 0 && positives[positiveIndex] === threshold) {
      truePositiveCount += 1;
      positiveIndex -= 1;
    }
    while (negativeIndex >= 0 && negatives[negativeIndex] === threshold) {
      falsePositiveCount += 1;
      negativeIndex -= 1;
    }
    thresholds.push(threshold);
    truePositives.push(truePositiveCount);
    falsePositives.push(falsePositiveCount);
  }
  return { thresholds: Float64Array.from(thresholds), truePositives: Float64Array.from(truePositives), falsePositives: Float64Array.from(falsePositives) };
}
