import { InvalidArgumentError } from '@spinedx/core';
import { delongTest, type DelongTestResult } from './delong';
import { checkBinaryInput, type NumericArray } from './input-checks';
import { mcnemarTest, type McNemarResult } from './mcnemar';

/** Paired comparison of two models (or a model and a reader) on the same samples. */
export interface ModelComparison {
  modelA: string;
  modelB: string;
  /** Paired DeLong test of the AUCs. */
  delong: DelongTestResult;
  /** Exact McNemar test of the correct/incorrect calls at the threshold. */
  mcnemar: McNemarResult;
}

/**
 * Every pair of models scored on the same samples: paired DeLong test of their AUCs and exact McNemar test of
 * their calls at `threshold` (default 0.5). Models are compared in the order given.
 */
export function compareModels(yTrue: NumericArray, scoresByModel: Record<string, NumericArray>, options: { threshold?: number } = {}): ModelComparison[] {
  const fn = 'compareModels';
  const names = Object.keys(scoresByModel);
  if (names.length < 2) throw new InvalidArgumentError(`${fn}: expected at least two models, received ${names.length}`, { code: 'OUT_OF_RANGE' });
  const threshold = options.threshold ?? 0.5;
  const correct = new Map<string, boolean[]>();
  for (const name of names) {
    const input = checkBinaryInput(fn, yTrue, scoresByModel[name]!, `scoresByModel['${name}']`);
    correct.set(name, Array.from(input.scores, (score, index) => (score >= threshold ? 1 : 0) === input.labels[index]));
  }
  const comparisons: ModelComparison[] = [];
  for (let first = 0; first < names.length; first++) {
    for (let second = first + 1; second < names.length; second++) {
      const modelA = names[first]!;
      const modelB = names[second]!;
      comparisons.push({
        modelA,
        modelB,
        delong: delongTest(yTrue, scoresByModel[modelA]!, scoresByModel[modelB]!),
        mcnemar: mcnemarTest(correct.get(modelA)!, correct.get(modelB)!),
      });
    }
  }
  return comparisons;
}
