import type { DiagnosticSummary, Interval } from '@spinedx/metrics';
import type { SetFigures } from './study-report-schema';

export type { SetFigures } from './study-report-schema';

const finite = (value: number | undefined | null): number | null => (value === undefined || value === null || Number.isNaN(value) ? null : value);
// Wilson bounds of 0/n or n/n come out as -1e-17 or 1 + 1e-16 in floating point: clamp them to [0, 1].
const clampUnit = (value: number): number => Math.min(1, Math.max(0, value));
const finiteInterval = (value: Interval | undefined): [number, number] | null =>
  value === undefined || Number.isNaN(value[0]) || Number.isNaN(value[1]) ? null : [clampUnit(value[0]), clampUnit(value[1])];

/** The report's figures of a metrics summary, JSON-safe: undefined rates and intervals become null. */
export function summarizeSet(summary: DiagnosticSummary): SetFigures {
  const matrix = summary.confusionMatrix;
  return {
    samples: summary.samples,
    positives: summary.positives,
    negatives: summary.negatives,
    threshold: summary.threshold,
    accuracy: finite(summary.rates.accuracy),
    accuracyCi: finiteInterval(summary.intervals.accuracy),
    auc: summary.auc === null ? null : finite(summary.auc.auc),
    aucCi: summary.auc === null || Number.isNaN(summary.auc.lower) ? null : [clampUnit(summary.auc.lower), clampUnit(summary.auc.upper)],
    f1: finite(summary.f1),
    sensitivity: finite(summary.rates.sensitivity),
    sensitivityCi: finiteInterval(summary.intervals.sensitivity),
    specificity: finite(summary.rates.specificity),
    specificityCi: finiteInterval(summary.intervals.specificity),
    confusionMatrix: [
      [matrix[0]![0]!, matrix[0]![1]!],
      [matrix[1]![0]!, matrix[1]![1]!],
    ],
  };
}
