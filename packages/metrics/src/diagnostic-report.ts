import { InvalidArgumentError } from '@spinedx/core';
import { f1Score } from './classification-scores';
import { matthewsCorrcoef } from './agreement';
import { binaryRates, type BinaryRates } from './binary-rates';
import { brierScoreLoss, calibrationCurve, expectedCalibrationError, type CalibrationCurve } from './calibration';
import { countMatrix } from './confusion-matrix';
import { delongCi, type DelongInterval } from './delong';
import { checkBinaryInput, checkOpenUnit, checkSameLength, type NumericArray } from './input-checks';
import { averagePrecisionScore } from './precision-recall';
import { proportionConfint } from './proportion-confint';
import { rocCurve, type RocCurve } from './roc';
import { youdenThreshold, type YoudenPoint } from './youden-threshold';

/** Input of {@link diagnosticReport}: one model's scores on one labelled set. */
export interface DiagnosticReportInput {
  /** Binary truth, 1 = positive class (e.g. metastasis), 0 = negative (e.g. tuberculosis). */
  yTrue: NumericArray;
  /** Probability of the positive class. */
  yScore: NumericArray;
  /** Call a sample positive when its score is ≥ threshold; default 0.5. */
  threshold?: number;
  /** Model name shown in tables and legends; default 'model'. */
  name?: string;
  /** Confidence level of every interval; default 0.95. */
  level?: number;
  /** A subgroup key per sample (centre, set, sex…): the report gets one summary per group as well. */
  groups?: ArrayLike<string | number>;
  /** Bins of the calibration curve and ECE; default 10. */
  calibrationBins?: number;
}

/** Interval `[lower, upper]` at the report's level. */
export type Interval = [number, number];

/** Every figure of one model on one set (or subgroup). */
export interface DiagnosticSummary {
  samples: number;
  positives: number;
  negatives: number;
  threshold: number;
  /** AUC with its DeLong interval; null when the set holds one class only. */
  auc: DelongInterval | null;
  /** Average precision; NaN-free (0 with no positive, as scikit-learn). */
  averagePrecision: number;
  brierScore: number;
  expectedCalibrationError: number;
  /** `[[TN, FP], [FN, TP]]` at the threshold. */
  confusionMatrix: number[][];
  rates: BinaryRates;
  /** Wilson intervals of the proportions (NaN bounds where the denominator is 0). */
  intervals: { sensitivity: Interval; specificity: Interval; positivePredictiveValue: Interval; negativePredictiveValue: Interval; accuracy: Interval };
  f1: number;
  matthews: number;
  /** Full ROC curve; null with one class. */
  roc: RocCurve | null;
  /** Youden-optimal operating point; null with one class. */
  youden: YoudenPoint | null;
  calibration: CalibrationCurve;
}

/** The report model that the Markdown, JSON and SVG renderers read. */
export interface DiagnosticReport extends DiagnosticSummary {
  name: string;
  level: number;
  /** One summary per subgroup key, when `groups` was given. */
  groups?: Record<string, DiagnosticSummary>;
}

/**
 * All figures of a diagnostic-accuracy paper for one model in one object: AUC with DeLong CI, AP, Brier,
 * ECE, confusion matrix, sensitivity/specificity/PPV/NPV/accuracy with Wilson CIs, F1, MCC, ROC curve,
 * Youden point and calibration curve, overall and per subgroup.
 */
export function diagnosticReport(input: DiagnosticReportInput): DiagnosticReport {
  const fn = 'diagnosticReport';
  const threshold = input.threshold ?? 0.5;
  if (!Number.isFinite(threshold)) throw new InvalidArgumentError(`${fn}: expected a finite threshold, received ${String(threshold)}`, { code: 'NON_FINITE' });
  const level = input.level ?? 0.95;
  checkOpenUnit(fn, 'level', level);
  const { labels, scores } = checkBinaryInput(fn, input.yTrue, input.yScore);
  const bins = input.calibrationBins ?? 10;
  const report: DiagnosticReport = { name: input.name ?? 'model', level, ...summarize(Array.from(labels), Array.from(scores), threshold, level, bins) };
  if (input.groups !== undefined) {
    checkSameLength(fn, ['yTrue', 'groups'], labels, input.groups);
    const members = new Map<string, number[]>();
    for (let index = 0; index < labels.length; index++) {
      const key = String(input.groups[index]);
      members.set(key, [...(members.get(key) ?? []), index]);
    }
    report.groups = {};
    for (const [key, indices] of members) {
      report.groups[key] = summarize(
        indices.map((index) => labels[index]!),
        indices.map((index) => scores[index]!),
        threshold,
        level,
        bins,
      );
    }
  }
  return report;
}

function summarize(labels: number[], scores: number[], threshold: number, level: number, bins: number): DiagnosticSummary {
  const predicted = scores.map((score) => (score >= threshold ? 1 : 0));
  const table = countMatrix(labels, predicted, [0, 1]);
  const rates = binaryRates(table);
  const bothClasses = rates.truePositives + rates.falseNegatives > 0 && rates.trueNegatives + rates.falsePositives > 0;
  // 1 − 0.95 is 0.050000000000000044 in binary; rounding gives the same alpha as a caller writing 0.05.
  const alpha = Number((1 - level).toPrecision(12));
  const wilson = (count: number, total: number): Interval => (total === 0 ? [NaN, NaN] : proportionConfint(count, total, { alpha }));
  const inRange = scores.every((score) => score >= 0 && score <= 1);
  return {
    samples: labels.length,
    positives: rates.truePositives + rates.falseNegatives,
    negatives: rates.trueNegatives + rates.falsePositives,
    threshold,
    auc: bothClasses ? delongCi(labels, scores, { level }) : null,
    averagePrecision: averagePrecisionScore(labels, scores),
    brierScore: inRange ? brierScoreLoss(labels, scores) : NaN,
    expectedCalibrationError: inRange ? expectedCalibrationError(labels, scores, { bins }) : NaN,
    confusionMatrix: table,
    rates,
    intervals: {
      sensitivity: wilson(rates.truePositives, rates.truePositives + rates.falseNegatives),
      specificity: wilson(rates.trueNegatives, rates.trueNegatives + rates.falsePositives),
      positivePredictiveValue: wilson(rates.truePositives, rates.truePositives + rates.falsePositives),
      negativePredictiveValue: wilson(rates.trueNegatives, rates.trueNegatives + rates.falseNegatives),
      accuracy: wilson(rates.truePositives + rates.trueNegatives, labels.length),
    },
    f1: f1Score(labels, predicted),
    matthews: matthewsCorrcoef(labels, predicted),
    roc: bothClasses ? rocCurve(labels, scores) : null,
    youden: bothClasses ? youdenThreshold(labels, scores) : null,
    calibration: inRange ? calibrationCurve(labels, scores, { bins }) : { fractionPositive: [], meanPredicted: [], counts: [] },
  };
}
