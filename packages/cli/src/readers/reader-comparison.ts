import { InvalidArgumentError } from '@spinedx/core';
import { cohenKappaScore, diagnosticReport, mcnemarTest } from '@spinedx/metrics';
import { summarizeSet, type SetFigures } from '../report/set-figures';

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
    const figures = summarizeSet(diagnosticReport({ yTrue: input.truth, yScore: reader.calls, name: reader.name }));
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
  for (const model of input.models ?? []) {
    if (model.scores.length !== count) {
      throw new InvalidArgumentError(`${fn}: expected ${count} scores from '${model.name}', received ${model.scores.length}`, { code: 'LENGTH_MISMATCH' });
    }
    const threshold = model.threshold ?? 0.5;
    const modelCorrect = model.scores.map((score, index) => (score >= threshold ? 1 : 0) === input.truth[index]);
    for (const reader of input.readers) {
      const readerCorrect = reader.calls.map((call, index) => call === input.truth[index]);
      const test = mcnemarTest(modelCorrect, readerCorrect);
      modelVsReader.push({
        model: model.name,
        reader: reader.name,
        modelOnlyCorrect: modelCorrect.filter((right, index) => right && !readerCorrect[index]).length,
        readerOnlyCorrect: modelCorrect.filter((right, index) => !right && readerCorrect[index]).length,
        statistic: test.statistic,
        pValue: test.pValue,
      });
    }
  }
  return { cases: count, readers, agreement, modelVsReader };
}
