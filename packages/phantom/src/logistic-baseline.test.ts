import { describe, expect, it } from 'vitest';
import { SMALL_SITES } from './__fixtures__/small-sites';
import { generateCohort } from './cohort-plan';
import { evaluateLogisticBaseline, rocAuc } from './logistic-baseline';
import { PhantomError } from './phantom-error';

describe('rocAuc', () => {
  // Expected values counted by hand over positive-negative pairs (ties count one half), as sklearn.metrics.roc_auc_score does.
  it.each([
    [[0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], 0.75],
    [[0, 1], [0.2, 0.9], 1],
    [[0, 1], [0.9, 0.2], 0],
    [[0, 1, 0, 1], [0.5, 0.5, 0.5, 0.5], 0.5],
    [[1, 0, 1, 0, 1], [0.3, 0.3, 0.7, 0.1, 0.3], 5 / 6],
  ])('should score labels %j with scores %j as %f', (labels, scores, expected) => {
    expect(rocAuc(labels, scores)).toBeCloseTo(expected, 12);
  });

  it('should reject a single class', () => {
    expect(() => rocAuc([1, 1], [0.1, 0.2])).toThrow(PhantomError);
  });
});

describe('evaluateLogisticBaseline', () => {
  it('should fit on development sites and score the external ones', () => {
    const cohort = generateCohort({ seed: 5, sites: SMALL_SITES.map((site) => ({ ...site, patients: 6 })), slicesPerSeries: 3 });
    const result = evaluateLogisticBaseline(cohort, { inputSize: 16, epochs: 200 });
    expect([result.developmentPatients, result.externalPatients, result.developmentAuc, result.externalAuc >= 0 && result.externalAuc <= 1]).toEqual([12, 12, 1, true]);
  });
});
