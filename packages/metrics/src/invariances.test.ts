// Property tests of metric invariances (after scikit-learn's sklearn/metrics/tests/test_common.py), on random
// labelled scores with many ties (small integer scores), checked against O(n²) pair counting where useful.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averagePrecisionScore, cohenKappaScore, confusionMatrix, delongCi, delongTest, matthewsCorrcoef, mcnemarTest, proportionConfint, rocAucScore, rocCurve } from './index';

/** Binary labels with both classes and integer scores in [-6, 6] (ties are common). */
const labelledScores = fc
  .array(fc.record({ label: fc.constantFrom(0, 1), score: fc.integer({ min: -6, max: 6 }) }), { minLength: 2, maxLength: 60 })
  .filter((samples) => samples.some((sample) => sample.label === 1) && samples.some((sample) => sample.label === 0))
  .map((samples) => ({ yTrue: samples.map((sample) => sample.label), yScore: samples.map((sample) => sample.score) }));

const runs = { numRuns: 150, seed: 8 };

function bruteForceAuc(yTrue: number[], yScore: number[]): number {
  let total = 0;
  let pairs = 0;
  yTrue.forEach((label, positive) => {
    if (label !== 1) return;
    yTrue.forEach((other, negative) => {
      if (other !== 0) return;
      pairs += 1;
      total += yScore[positive]! > yScore[negative]! ? 1 : yScore[positive] === yScore[negative] ? 0.5 : 0;
    });
  });
  return total / pairs;
}

describe('rocAucScore', () => {
  it('should equal the Mann-Whitney pair count with ties as one half', () => {
    fc.assert(fc.property(labelledScores, ({ yTrue, yScore }) => void expect(rocAucScore(yTrue, yScore)).toBeCloseTo(bruteForceAuc(yTrue, yScore), 12)), runs);
  });
  it('should be unchanged by strictly increasing transforms of the scores', () => {
    fc.assert(
      fc.property(labelledScores, ({ yTrue, yScore }) => {
        const auc = rocAucScore(yTrue, yScore);
        expect(rocAucScore(yTrue, yScore.map((score) => Math.exp(score / 3)))).toBeCloseTo(auc, 12);
        expect(rocAucScore(yTrue, yScore.map((score) => 5 * score ** 3 - 2))).toBeCloseTo(auc, 12);
      }),
      runs,
    );
  });
  it('should give 1 − AUC when the labels are flipped or the scores negated', () => {
    fc.assert(
      fc.property(labelledScores, ({ yTrue, yScore }) => {
        const auc = rocAucScore(yTrue, yScore);
        expect(rocAucScore(yTrue.map((label) => 1 - label), yScore)).toBeCloseTo(1 - auc, 12);
        expect(rocAucScore(yTrue, yScore.map((score) => -score))).toBeCloseTo(1 - auc, 12);
      }),
      runs,
    );
  });
  it('should not depend on the order of the samples', () => {
    fc.assert(
      fc.property(labelledScores, ({ yTrue, yScore }) => {
        const order = yTrue.map((_, index) => index).reverse();
        expect(rocAucScore(order.map((index) => yTrue[index]!), order.map((index) => yScore[index]!))).toBeCloseTo(rocAucScore(yTrue, yScore), 12);
        expect(averagePrecisionScore(order.map((index) => yTrue[index]!), order.map((index) => yScore[index]!))).toBeCloseTo(averagePrecisionScore(yTrue, yScore), 12);
      }),
      runs,
    );
  });
});

describe('rocCurve', () => {
  it('should keep its rates under a monotone transform and integrate to the AUC', () => {
    fc.assert(
      fc.property(labelledScores, ({ yTrue, yScore }) => {
        const curve = rocCurve(yTrue, yScore);
        const transformed = rocCurve(yTrue, yScore.map((score) => Math.exp(score / 3)));
        expect(transformed.fpr).toEqual(curve.fpr);
        expect(transformed.tpr).toEqual(curve.tpr);
        let area = 0;
        for (let index = 1; index < curve.fpr.length; index++) area += ((curve.fpr[index]! - curve.fpr[index - 1]!) * (curve.tpr[index]! + curve.tpr[index - 1]!)) / 2;
        expect(area).toBeCloseTo(rocAucScore(yTrue, yScore), 12);
      }),
      runs,
    );
  });
});

describe('delongCi', () => {
  it('should report the same AUC as rocAucScore and a variance from O(n²) placements', () => {
    fc.assert(
      fc.property(labelledScores, ({ yTrue, yScore }) => {
        const result = delongCi(yTrue, yScore);
        expect(result.auc).toBeCloseTo(rocAucScore(yTrue, yScore), 12);
        const positives = yScore.filter((_, index) => yTrue[index] === 1);
        const negatives = yScore.filter((_, index) => yTrue[index] === 0);
        const psi = (positive: number, negative: number): number => (positive > negative ? 1 : positive === negative ? 0.5 : 0);
        const v10 = positives.map((positive) => negatives.reduce((total, negative) => total + psi(positive, negative), 0) / negatives.length);
        const v01 = negatives.map((negative) => positives.reduce((total, positive) => total + psi(positive, negative), 0) / positives.length);
        const variance = (values: number[]): number => values.reduce((total, value) => total + (value - result.auc) ** 2, 0) / (values.length - 1);
        const expected = variance(v10) / v10.length + variance(v01) / v01.length;
        if (positives.length < 2 || negatives.length < 2) expect(result.variance).toBeNaN();
        else expect(result.variance).toBeCloseTo(expected, 12);
      }),
      runs,
    );
  });
});

describe('delongTest', () => {
  it('should give z = 0 and p = 1 for identical scores and change sign when the models swap', () => {
    fc.assert(
      fc.property(labelledScores, fc.array(fc.integer({ min: -6, max: 6 }), { minLength: 60, maxLength: 60 }), ({ yTrue, yScore }, other) => {
        const same = delongTest(yTrue, yScore, yScore);
        expect(same.z).toBe(0);
        expect(same.pValue).toBe(1);
        const otherScores = other.slice(0, yTrue.length);
        const forward = delongTest(yTrue, yScore, otherScores);
        const backward = delongTest(yTrue, otherScores, yScore);
        if (Number.isFinite(forward.z)) expect(backward.z).toBeCloseTo(-forward.z, 10);
        if (Number.isNaN(forward.pValue)) expect(backward.pValue).toBeNaN();
        else expect(backward.pValue).toBeCloseTo(forward.pValue, 12);
      }),
      runs,
    );
  });
});

const labelPairs = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 })), { minLength: 1, maxLength: 60 })
  .map((pairs) => ({ first: pairs.map((pair) => pair[0]), second: pairs.map((pair) => pair[1]) }));

describe('confusionMatrix', () => {
  it('should sum to the number of samples with the agreements on its diagonal', () => {
    fc.assert(
      fc.property(labelPairs, ({ first, second }) => {
        const matrix = confusionMatrix(first, second);
        expect(matrix.flat().reduce((total, count) => total + count, 0)).toBe(first.length);
        const agreements = first.filter((label, index) => label === second[index]).length;
        expect(matrix.reduce((total, row, index) => total + row[index]!, 0)).toBe(agreements);
      }),
      runs,
    );
  });
});

describe('cohenKappaScore', () => {
  it('should be symmetric in the two raters and 1 for perfect agreement', () => {
    fc.assert(
      fc.property(labelPairs, ({ first, second }) => {
        const forward = cohenKappaScore(first, second, { weights: 'quadratic' });
        const backward = cohenKappaScore(second, first, { weights: 'quadratic' });
        if (Number.isNaN(forward)) expect(backward).toBeNaN();
        else expect(backward).toBeCloseTo(forward, 12);
        if (new Set(first).size > 1) expect(cohenKappaScore(first, first)).toBeCloseTo(1, 12);
      }),
      runs,
    );
  });
});

describe('matthewsCorrcoef', () => {
  it('should stay within [-1, 1] and be symmetric', () => {
    fc.assert(
      fc.property(labelPairs, ({ first, second }) => {
        const value = matthewsCorrcoef(first, second);
        expect(Math.abs(value)).toBeLessThanOrEqual(1 + 1e-12);
        expect(matthewsCorrcoef(second, first)).toBeCloseTo(value, 12);
      }),
      runs,
    );
  });
});

describe('mcnemarTest', () => {
  it('should not depend on which classifier is called A', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.boolean()), { minLength: 1, maxLength: 80 }), (pairs) => {
        const a = pairs.map((pair) => pair[0]);
        const b = pairs.map((pair) => pair[1]);
        expect(mcnemarTest(b, a)).toEqual(mcnemarTest(a, b));
      }),
      runs,
    );
  });
});

describe('proportionConfint', () => {
  it('should contain the observed proportion for every method', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('wilson' as const, 'clopper-pearson' as const, 'normal' as const), (nobs, fraction, method) => {
        const count = Math.round(fraction * nobs);
        const [lower, upper] = proportionConfint(count, nobs, { method });
        expect(lower).toBeLessThanOrEqual(count / nobs + 1e-12);
        expect(upper).toBeGreaterThanOrEqual(count / nobs - 1e-12);
      }),
      runs,
    );
  });
});
