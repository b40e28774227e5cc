import { describe, expect, it } from 'vitest';
import { binaryRates, calibrationCurve, expectedCalibrationError, precisionRecallCurve, rocAucScore, rocCurve, youdenThreshold } from './index';

describe('precisionRecallCurve', () => {
  it("should reproduce scikit-learn 1.2's docstring example", () => {
    // sklearn.metrics.precision_recall_curve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])
    const curve = precisionRecallCurve([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]);
    expect(curve.precision.map((value) => Number(value.toFixed(8)))).toEqual([0.5, 0.66666667, 0.5, 1, 1]);
    expect(curve.recall).toEqual([1, 1, 0.5, 0.5, 0]);
    expect(curve.thresholds).toEqual([0.1, 0.35, 0.4, 0.8]);
  });
});

describe('calibrationCurve', () => {
  it("should reproduce scikit-learn's calibration_curve docstring example with 3 bins", () => {
    const curve = calibrationCurve([0, 0, 0, 0, 1, 1, 1, 1, 1], [0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1], { bins: 3 });
    expect(curve.fractionPositive).toEqual([0, 0.5, 1]);
    expect(curve.meanPredicted.map((value) => Number(value.toFixed(12)))).toEqual([0.2, 0.525, 0.85]);
    expect(curve.counts).toEqual([3, 2, 4]);
  });
  it('should put a probability on an inner edge into the lower bin and give the weighted ECE', () => {
    const curve = calibrationCurve([0, 1], [0.5, 0.75], { bins: 2 });
    expect(curve.counts).toEqual([1, 1]);
    // |0 − 0.5|·1/2 + |1 − 0.75|·1/2
    expect(expectedCalibrationError([0, 1], [0.5, 0.75], { bins: 2 })).toBeCloseTo(0.375, 15);
  });
  it('should reject probabilities outside [0, 1] and a bad bin count', () => {
    expect(() => calibrationCurve([0, 1], [0.2, 1.5])).toThrow(/probabilities in \[0, 1\] in yProb, received 1.5 at index 1/);
    expect(() => calibrationCurve([0, 1], [0.2, 0.5], { bins: 0 })).toThrow(/positive integer/);
  });
});

describe('rocCurve', () => {
  it('should start at (0, 0) with an infinite threshold and merge tied scores into one point', () => {
    const curve = rocCurve([0, 1, 0, 1], [0.3, 0.3, 0.1, 0.9], { dropIntermediate: false });
    expect(curve.thresholds).toEqual([Infinity, 0.9, 0.3, 0.1]);
    expect(curve.tpr).toEqual([0, 0.5, 1, 1]);
    expect(curve.fpr).toEqual([0, 0, 0.5, 1]);
  });
  it('should reject a single class, NaN scores and non-binary labels with typed codes', () => {
    expect(() => rocCurve([1, 1], [0.2, 0.4])).toThrow(expect.objectContaining({ code: 'ONE_CLASS' }));
    expect(() => rocAucScore([0, 1], [NaN, 0.4])).toThrow(expect.objectContaining({ code: 'NON_FINITE' }));
    expect(() => rocAucScore([0, 2], [0.1, 0.4])).toThrow(expect.objectContaining({ code: 'NOT_BINARY' }));
    expect(() => rocAucScore([], [])).toThrow(expect.objectContaining({ code: 'EMPTY_INPUT' }));
  });
});

describe('youdenThreshold', () => {
  it('should pick the threshold with the largest sensitivity + specificity − 1', () => {
    // At 0.6: TP 2/2, TN 2/3 → J = 0.667; at 0.8: TP 1/2, TN 3/3 → J = 0.5.
    const point = youdenThreshold([0, 0, 1, 0, 1], [0.1, 0.2, 0.6, 0.7, 0.8]);
    expect(point.threshold).toBe(0.6);
    expect(point.sensitivity).toBe(1);
    expect(point.specificity).toBeCloseTo(2 / 3, 15);
    expect(point.youdenIndex).toBeCloseTo(2 / 3, 15);
  });
});

describe('binaryRates', () => {
  it('should read sensitivity, specificity, PPV, NPV and Youden off [[TN, FP], [FN, TP]]', () => {
    const rates = binaryRates([
      [40, 10],
      [5, 45],
    ]);
    expect(rates).toMatchObject({ truePositives: 45, trueNegatives: 40, falsePositives: 10, falseNegatives: 5, sensitivity: 0.9, specificity: 0.8, accuracy: 0.85 });
    expect(rates.positivePredictiveValue).toBeCloseTo(45 / 55, 15);
    expect(rates.negativePredictiveValue).toBeCloseTo(40 / 45, 15);
    expect(rates.balancedAccuracy).toBeCloseTo(0.85, 15);
    expect(rates.youdenIndex).toBeCloseTo(0.7, 15);
  });
  it('should give NaN for a rate without denominator and reject other shapes', () => {
    expect(binaryRates([[5, 0], [0, 0]]).sensitivity).toBeNaN();
    expect(() => binaryRates([[1, 2, 3]])).toThrow(expect.objectContaining({ code: 'SHAPE_MISMATCH' }));
  });
});
