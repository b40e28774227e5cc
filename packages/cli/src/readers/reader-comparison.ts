import { InvalidArgumentError } from '@spinedx/core';
import { cohenKappaScore, mcnemarTest, proportionConfint } from '@spinedx/metrics';
import type { SetFigures } from '../report/set-figures';

/** One reader's binary calls (1 = positive class) on the comparison's cases, in case order. */
export interface ReaderCalls {
  name: string;
  experience?: string;
  calls: readonly number[];
}

/** A model's positive-class probabilities on the same cases, called positive at `threshold` (default 0.5). */
export interface ModelScores {
  name: string;
  scores: readonly number[];
  threshold?: number;
}

/** Input of {@link compareReaders}. */
export interface ReaderComparisonInput {
  caseIds: readonly string[];
  /** 1 = positive class. */
  truth: readonly number[];
  readers: readonly ReaderCalls[];
  models?: readonly ModelScores[];
}

/** A reader's figures: accuracy, sensitivity, specificity with Wilson intervals, and the confusion matrix. */
export interface ReaderFigures extends SetFigures {
  name: string;
  experience?: string;
}

/** Cohen's kappa between two readers. */
export interface ReaderAgreement {
  readerA: string;
  readerB: string;
  kappa: number;
}

/** Exact McNemar test of a model's and a reader's correct calls. */
export interface ModelReaderTest {
  model: string;
  reader: string;
  /** Cases only the model got right / only the reader got right. */
  modelOnlyCorrect: number;
  readerOnlyCorrect: number;
  statistic: number;
  pValue: number;
}

/** What {@link compareReaders} returns. */
export interface ReaderComparison {
  cases: number;
  readers: ReaderFigures[];
  agreement: ReaderAgreement[];
  modelVsReader: ModelReaderTest[];
}

/**
 * Figures of binary calls (1 = positive) against the truth: counts, rates with 95% Wilson intervals, F1. Readers
 * give calls, not scores, so there is no AUC.
 */
export function callFigures(truth: readonly number[], calls: readonly number[]): SetFigures {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let index = 0; index < truth.length; index++) {
    const call = calls[index];
    if (call !== 0 && call !== 1) throw new InvalidArgumentError(`compareReaders: expected calls of 0 or 1, received ${String(call)} at case ${index}`, { code: 'NOT_BINARY' });
    if (truth[index] === 1) call === 1 ? tp++ : fn++;
    else call === 1 ? fp++ : tn++;
  }
  const ratio = (count: number, total: number): number | null => (total === 0 ? null : count / total);
  const wilson = (count: number, total: number): [number, number] | null => {
    if (total === 0) return null;
    const [lower, upper] = proportionConfint(count, total, { alpha: 0.05 });
    return [Math.max(0, lower), Math.min(1, upper)];
  };
  return {
    samples: truth.length,
    positives: tp + fn,
    negatives: tn + fp,
    threshold: 0.5,
    accuracy: ratio(tp + tn, truth.length),
    accuracyCi: wilson(tp + tn, truth.length),
    auc: null,
    aucCi: null,
    // scikit-learn's f1_score: 0 when there is no true or predicted positive.
    f1: 2 * tp + fp + fn === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn),
    sensitivity: ratio(tp, tp + fn),
    sensitivityCi: wilson(tp, tp + fn),
    specificity: ratio(tn, tn + fp),
    specificityCi: wilson(tn, tn + fp),
    confusionMatrix: [
      [tn, fp],
      [fn, tp],
    ],
  };
}

/**
 * Readers against the truth (accuracy, sensitivity, specificity with 95% Wilson intervals), Cohen's kappa between
 * every pair of readers, and an exact McNemar test of each model against each reader on the same cases.
 */
export function compareReaders(input: ReaderComparisonInput): ReaderComparison {
  const fn = 'compareReaders';
  const count = input.caseIds.length;
  if (count === 0) throw new InvalidArgumentError(`${fn}: expected at least one case, received none`, { code: 'EMPTY_INPUT' });
  if (input.truth.length !== count) throw new InvalidArgumentError(`${fn}: expected ${count} truth labels, received ${input.truth.length}`, { code: 'LENGTH_MISMATCH' });
  for (const reader of input.readers) {
    if (reader.calls.length !== count) {
      throw new InvalidArgumentError(`${fn}: expected ${count} calls from '${reader.name}', received ${reader.calls.length}`, { code: 'LENGTH_MISMATCH' });
    }
  }
  const readers = input.readers.map((reader): ReaderFigures => {
    const figures = callFigures(input.truth, reader.calls);
    return reader.experience === undefined ? { name: reader.name, ...figures } : { name: reader.name, experience: reader.experience, ...figures };
  });
  const agreement: ReaderAgreement[] = [];
  for (let first = 0; first < input.readers.length; first++) {
    for (let second = first + 1; second < input.readers.length; second++) {
      const readerA = input.readers[first]!;
      const readerB = input.readers[second]!;
      agreement.push({ readerA: readerA.name, readerB: readerB.name, kappa: cohenKappaScore(readerA.calls, readerB.calls) });
    }
  }
  const modelVsReader: ModelReaderTest[] = [];
  const readerCorrectness = input.readers.map((reader) => reader.calls.map((call, index) => call === input.truth[index]));
  for (const model of input.models ?? []) {
    if (model.scores.length !== count) {
      throw new InvalidArgumentError(`${fn}: expected ${count} scores from '${model.name}', received ${model.scores.length}`, { code: 'LENGTH_MISMATCH' });
    }
    const threshold = model.threshold ?? 0.5;
    const modelCorrect = model.scores.map((score, index) => (score >= threshold ? 1 : 0) === input.truth[index]);
    for (const [readerIndex, reader] of input.readers.entries()) {
      const readerCorrect = readerCorrectness[readerIndex]!;
      const test = mcnemarTest(modelCorrect, readerCorrect);
      let modelOnlyCorrect = 0;
      let readerOnlyCorrect = 0;
      for (let index = 0; index < count; index++) {
        if (modelCorrect[index] && !readerCorrect[index]) modelOnlyCorrect++;
        if (!modelCorrect[index] && readerCorrect[index]) readerOnlyCorrect++;
      }
      modelVsReader.push({ model: model.name, reader: reader.name, modelOnlyCorrect, readerOnlyCorrect, statistic: test.statistic, pValue: test.pValue });
    }
  }
  return { cases: count, readers, agreement, modelVsReader };
}
