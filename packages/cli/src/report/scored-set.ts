import { InvalidArgumentError } from '@spinedx/core';
import { aggregateByPatient, diagnosticReport, type PatientAggregation } from '@spinedx/metrics';
import { summarizeSet } from './set-figures';
import type { Evaluation } from './study-report-schema';

/** One model's positive-class probabilities on one labelled set of slices. */
export interface ScoredSet {
  /** Slice ids, in the set's order (the same for every model). */
  sampleIds: string[];
  patientIds: string[];
  /** 1 = positive class. */
  yTrue: number[];
  yScore: number[];
}

/** Patient rows of a scored set: the mean (or max) of each patient's slice probabilities. */
export function patientScores(set: ScoredSet, aggregation: PatientAggregation = 'mean'): { patientIds: string[]; yTrue: number[]; yScore: number[] } {
  const level = aggregateByPatient(set.patientIds, set.yTrue, set.yScore, aggregation);
  return { patientIds: level.patientIds.map(String), yTrue: level.yTrue, yScore: level.yScore };
}

/** Image-level and patient-level figures (with ROC curves) of a scored set at `threshold`. */
export function evaluateScoredSet(set: ScoredSet, options: { name: string; threshold: number; aggregation: PatientAggregation }): Evaluation {
  const { length } = set.sampleIds;
  if (length === 0 || set.patientIds.length !== length || set.yTrue.length !== length || set.yScore.length !== length) {
    throw new InvalidArgumentError(
      `evaluateScoredSet: expected equal non-empty sampleIds, patientIds, yTrue and yScore, received ${length}, ${set.patientIds.length}, ${set.yTrue.length}, ${set.yScore.length}`,
      { code: 'LENGTH_MISMATCH' },
    );
  }
  const image = diagnosticReport({ yTrue: set.yTrue, yScore: set.yScore, threshold: options.threshold, name: options.name });
  const patients = patientScores(set, options.aggregation);
  const patient = diagnosticReport({ yTrue: patients.yTrue, yScore: patients.yScore, threshold: options.threshold, name: options.name });
  const curve = (report: typeof image): Evaluation['roc'] => (report.roc === null ? null : { fpr: [...report.roc.fpr], tpr: [...report.roc.tpr] });
  return { ...summarizeSet(image), roc: curve(image), patientLevel: { ...summarizeSet(patient), roc: curve(patient) } };
}
