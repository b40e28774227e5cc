import { createRandom } from '@spinedx/core';
import { InvalidArgumentError } from '@spinedx/core';
import { checkBinaryInput, checkOpenUnit, type NumericArray } from './input-checks';

/** Options of {@link bootstrapCi}. */
export interface BootstrapCiOptions {
  /** Number of resamples; default 2000. */
  resamples?: number;
  /** Confidence level; default 0.95. */
  level?: number;
  /** Seed of the generator; the same seed gives the same interval. Default 0. */
  seed?: number;
}

/** Percentile bootstrap interval around the metric on the full data. */
export interface BootstrapInterval {
  /** The metric on the original samples. */
  estimate: number;
  lower: number;
  upper: number;
  /** Resamples whose metric was finite (NaN results are left out of the percentiles). */
  resamples: number;
}

/** Any metric of labels and scores, e.g. {@link rocAucScore} or `(y, s) => f1Score(y, s.map(v => +(v >= 0.5)))`. */
export type ScoreMetric = (yTrue: number[], yScore: number[]) => number;

/**
 * Seeded stratified percentile bootstrap for any metric: each resample draws the positives and the negatives
 * with replacement separately, so every resample keeps the class counts (and AUC stays defined).
 */
export function bootstrapCi(yTrue: NumericArray, yScore: NumericArray, metric: ScoreMetric, options: BootstrapCiOptions = {}): BootstrapInterval {
  const fn = 'bootstrapCi';
  const resamples = options.resamples ?? 2000;
  const level = options.level ?? 0.95;
  checkOpenUnit(fn, 'options.level', level);
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new InvalidArgumentError(`${fn}: expected options.resamples to be a positive integer, received ${String(resamples)}`, { code: 'OUT_OF_RANGE' });
  }
  const input = checkBinaryInput(fn, yTrue, yScore);
  const labels = Array.from(input.labels);
  const scores = Array.from(input.scores);
  const strata = [0, 1].map((label) => labels.flatMap((value, index) => (value === label ? [index] : [])));
  const random = createRandom(options.seed ?? 0);
  const values: number[] = [];
  const sampleLabels = new Array<number>(labels.length);
  const sampleScores = new Array<number>(labels.length);
  for (let resample = 0; resample < resamples; resample++) {
    let next = 0;
    for (const stratum of strata) {
      for (let draw = 0; draw < stratum.length; draw++) {
        const index = stratum[random.integer(0, stratum.length - 1)]!;
        sampleLabels[next] = labels[index]!;
        sampleScores[next] = scores[index]!;
        next += 1;
      }
    }
    const value = metric(sampleLabels.slice(), sampleScores.slice());
    if (Number.isFinite(value)) values.push(value);
  }
  const estimate = metric(labels.slice(), scores.slice());
  if (values.length === 0) return { estimate, lower: NaN, upper: NaN, resamples: 0 };
  values.sort((left, right) => left - right);
  const tail = (1 - level) / 2;
  return { estimate, lower: percentile(values, tail), upper: percentile(values, 1 - tail), resamples: values.length };
}

/** numpy.percentile (linear interpolation) of sorted values at fraction q. */
function percentile(sorted: number[], q: number): number {
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}
