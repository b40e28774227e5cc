import { InvalidArgumentError } from '@spinedx/core';
import { checkBinaryInput, checkOption, type BinaryInput, type NumericArray } from './input-checks';

/** Brier score: mean squared difference between the 0/1 outcome and the probability (scikit-learn's `brier_score_loss`). */
export function brierScoreLoss(yTrue: NumericArray, yProb: NumericArray): number {
  const input = checkProbabilities('brierScoreLoss', yTrue, yProb);
  let total = 0;
  for (let index = 0; index < input.labels.length; index++) {
    const difference = input.labels[index]! - input.scores[index]!;
    total += difference * difference;
  }
  return total / input.labels.length;
}

/** Options of {@link calibrationCurve} and {@link expectedCalibrationError}. */
export interface CalibrationOptions {
  /** Number of bins over [0, 1]; default 10 (scikit-learn's calibration_curve defaults to 5). */
  bins?: number;
  /** `'uniform'` (default): equal-width bins; `'quantile'`: equal-count bins from the probabilities' quantiles. */
  strategy?: 'uniform' | 'quantile';
}

/** Reliability diagram: per non-empty bin, the observed positive fraction against the mean probability. */
export interface CalibrationCurve {
  /** Fraction of positives in each non-empty bin (scikit-learn's `prob_true`). */
  fractionPositive: number[];
  /** Mean predicted probability in each non-empty bin (`prob_pred`). */
  meanPredicted: number[];
  /** Samples in each non-empty bin. */
  counts: number[];
}

/**
 * Calibration curve as scikit-learn's `calibration_curve`: a probability on an inner bin edge falls in the
 * lower bin (`searchsorted(edges, p, 'left')`), empty bins are left out.
 */
export function calibrationCurve(yTrue: NumericArray, yProb: NumericArray, options: CalibrationOptions = {}): CalibrationCurve {
  const input = checkProbabilities('calibrationCurve', yTrue, yProb);
  const binned = binProbabilities('calibrationCurve', input, options);
  const curve: CalibrationCurve = { fractionPositive: [], meanPredicted: [], counts: [] };
  for (let bin = 0; bin < binned.counts.length; bin++) {
    const count = binned.counts[bin]!;
    if (count === 0) continue;
    curve.fractionPositive.push(binned.positives[bin]! / count);
    curve.meanPredicted.push(binned.probabilitySums[bin]! / count);
    curve.counts.push(count);
  }
  return curve;
}

/**
 * Expected calibration error `Σ_b (n_b / n) |fraction positive_b − mean probability_b|` (Guo et al. 2017)
 * over the bins of {@link calibrationCurve}.
 */
export function expectedCalibrationError(yTrue: NumericArray, yProb: NumericArray, options: CalibrationOptions = {}): number {
  const curve = calibrationCurve(yTrue, yProb, options);
  const total = curve.counts.reduce((accumulated, count) => accumulated + count, 0);
  return curve.counts.reduce((error, count, bin) => error + (count / total) * Math.abs(curve.fractionPositive[bin]! - curve.meanPredicted[bin]!), 0);
}

function checkProbabilities(fn: string, yTrue: NumericArray, yProb: NumericArray): BinaryInput {
  const input = checkBinaryInput(fn, yTrue, yProb, 'yProb');
  for (let index = 0; index < input.scores.length; index++) {
    const value = input.scores[index]!;
    if (value < 0 || value > 1) {
      throw new InvalidArgumentError(`${fn}: expected probabilities in [0, 1] in yProb, received ${value} at index ${index}`, { code: 'OUT_OF_RANGE' });
    }
  }
  return input;
}

function binProbabilities(fn: string, input: BinaryInput, options: CalibrationOptions) {
  const binCount = options.bins ?? 10;
  if (!Number.isInteger(binCount) || binCount < 1) {
    throw new InvalidArgumentError(`${fn}: expected options.bins to be a positive integer, received ${String(binCount)}`, { code: 'OUT_OF_RANGE' });
  }
  const strategy = checkOption(fn, 'options.strategy', options.strategy ?? 'uniform', ['uniform', 'quantile'] as const);
  const edges = strategy === 'uniform' ? uniformEdges(binCount) : quantileEdges(input.scores, binCount);
  const inner = edges.slice(1, -1);
  const counts = new Array<number>(binCount).fill(0);
  const positives = new Array<number>(binCount).fill(0);
  const probabilitySums = new Array<number>(binCount).fill(0);
  for (let index = 0; index < input.scores.length; index++) {
    const probability = input.scores[index]!;
    const bin = searchLeft(inner, probability);
    counts[bin]! += 1;
    positives[bin]! += input.labels[index]!;
    probabilitySums[bin]! += probability;
  }
  return { counts, positives, probabilitySums };
}

function uniformEdges(binCount: number): number[] {
  return Array.from({ length: binCount + 1 }, (_, index) => index / binCount);
}

// numpy.percentile with linear interpolation.
function quantileEdges(scores: Float64Array, binCount: number): number[] {
  const sorted = Float64Array.from(scores).sort();
  return Array.from({ length: binCount + 1 }, (_, index) => {
    const position = (index / binCount) * (sorted.length - 1);
    const below = Math.floor(position);
    const above = Math.min(below + 1, sorted.length - 1);
    return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
  });
}

/** First position whose edge is ≥ value (numpy.searchsorted, side 'left'). */
function searchLeft(edges: number[], value: number): number {
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (edges[middle]! < value) low = middle + 1;
    else high = middle;
  }
  return low;
}
