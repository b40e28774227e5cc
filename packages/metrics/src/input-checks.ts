import { InvalidArgumentError } from '@spinedx/core';

/** Labels or scores as plain arrays or typed arrays. */
export type NumericArray = ArrayLike<number>;

/** Throws unless both arrays hold the same number of samples (scikit-learn's `check_consistent_length`). */
export function checkSameLength(fn: string, names: readonly [string, string], first: ArrayLike<unknown>, second: ArrayLike<unknown>): void {
  if (first.length !== second.length) {
    throw new InvalidArgumentError(`${fn}: expected ${names[0]} and ${names[1]} of the same length, received ${first.length} and ${second.length}`, {
      code: 'LENGTH_MISMATCH',
    });
  }
}

/** Throws on an empty array: no metric is defined on zero samples. */
export function checkNotEmpty(fn: string, name: string, values: ArrayLike<unknown>): void {
  if (values.length === 0) throw new InvalidArgumentError(`${fn}: expected at least one sample in ${name}, received none`, { code: 'EMPTY_INPUT' });
}

/** Copies labels into a Float64Array, rejecting NaN, infinities and non-numbers. */
export function toLabelArray(fn: string, name: string, values: NumericArray): Float64Array {
  const labels = new Float64Array(values.length);
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new InvalidArgumentError(`${fn}: expected finite numeric labels in ${name}, received ${String(value)} at index ${index}`, { code: 'INVALID_LABEL' });
    }
    labels[index] = value;
  }
  return labels;
}

/** Copies binary labels into a Uint8Array; anything but 0 or 1 throws (multiclass targets included). */
export function toBinaryLabels(fn: string, name: string, values: NumericArray): Uint8Array {
  const labels = new Uint8Array(values.length);
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (value !== 0 && value !== 1) {
      throw new InvalidArgumentError(`${fn}: expected binary labels 0 or 1 in ${name}, received ${String(value)} at index ${index}`, { code: 'NOT_BINARY' });
    }
    labels[index] = value;
  }
  return labels;
}

/** Copies scores into a Float64Array; NaN or infinite scores throw, as scikit-learn's `assert_all_finite`. */
export function toFiniteScores(fn: string, name: string, values: NumericArray): Float64Array {
  const scores = new Float64Array(values.length);
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new InvalidArgumentError(`${fn}: expected finite scores in ${name}, received ${String(value)} at index ${index}`, { code: 'NON_FINITE' });
    }
    scores[index] = value;
  }
  return scores;
}

/** Validated binary problem: labels, scores and the class counts. */
export interface BinaryInput {
  labels: Uint8Array;
  scores: Float64Array;
  positives: number;
  negatives: number;
}

/** Checks `yTrue` (0/1) and `yScore` (finite) together and counts the classes. */
export function checkBinaryInput(fn: string, yTrue: NumericArray, yScore: NumericArray, scoreName = 'yScore'): BinaryInput {
  checkSameLength(fn, ['yTrue', scoreName], yTrue, yScore);
  checkNotEmpty(fn, 'yTrue', yTrue);
  const labels = toBinaryLabels(fn, 'yTrue', yTrue);
  const scores = toFiniteScores(fn, scoreName, yScore);
  let positives = 0;
  for (let index = 0; index < labels.length; index++) positives += labels[index]!;
  return { labels, scores, positives, negatives: labels.length - positives };
}

/** Throws unless both classes occur, naming the missing one. */
export function checkBothClasses(fn: string, input: BinaryInput): void {
  if (input.positives === 0 || input.negatives === 0) {
    const missing = input.positives === 0 ? 'positive (1)' : 'negative (0)';
    throw new InvalidArgumentError(`${fn}: expected both classes in yTrue, received only one class (no ${missing} sample); the metric is undefined`, {
      code: 'ONE_CLASS',
    });
  }
}

/** Throws unless `value` is a number strictly between 0 and 1 (a confidence level or alpha). */
export function checkOpenUnit(fn: string, name: string, value: number): void {
  if (!(typeof value === 'number' && value > 0 && value < 1)) {
    throw new InvalidArgumentError(`${fn}: expected ${name} strictly between 0 and 1, received ${String(value)}`, { code: 'OUT_OF_RANGE' });
  }
}

/** Throws unless `value` is one of `allowed` (closed unions of option strings). */
export function checkOption<T extends string>(fn: string, name: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new InvalidArgumentError(`${fn}: expected ${name} to be one of ${allowed.map((item) => `'${item}'`).join(', ')}, received ${JSON.stringify(value)}`, {
      code: 'INVALID_OPTION',
    });
  }
  return value as T;
}
