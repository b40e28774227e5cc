import type { DiagnosticSummary, Interval } from '@spinedx/metrics';
import type { SetFigures } from './study-report-schema';

export type { SetFigures } from './study-report-schema';

const finite = (value: number | undefined | null): number | null => (value === undefined || value === null || Number.isNaN(value) ? null : value);
const finiteInterval = (value: Interval | undefined): [number, number] | null =>
  value === undefined || Number.isNaN(value[0]) || Number.isNaN(value[1]) ? null : [value[0], value[1]];

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
    aucCi: summary.auc === null || Number.isNaN(summary.auc.lower) ? null : [summary.auc.lower, summary.auc.upper],
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
