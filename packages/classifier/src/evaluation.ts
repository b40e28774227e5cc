import { aggregateByPatient, diagnosticReport, type DiagnosticReport, type PatientAggregation } from '@spinedx/metrics';
import type { SliceSample } from './dataset/slice-sample';

/** One slice's prediction in an evaluation. */
export interface SlicePrediction {
  sampleId: string;
  patientId: string;
  site?: string;
  label: number;
  /** Probability of every class. */
  probabilities: number[];
}

/** Image-level and patient-level figures of a binary classifier, overall and per site. */
export interface EvaluationResult {
  /** Name of the positive class (the second class). */
  positiveClass: string;
  imageLevel: DiagnosticReport;
  patientLevel: DiagnosticReport;
  perSite: Record<string, { imageLevel: DiagnosticReport; patientLevel: DiagnosticReport }>;
  predictions: SlicePrediction[];
}

/**
 * Builds the reports from slice predictions: slice probabilities of the positive class give the image-level report,
 * their per-patient mean (or max) the patient-level one; both again per site when samples carry sites.
 */
export function summarizePredictions(
  predictions: readonly SlicePrediction[],
  options: { classes: readonly string[]; aggregation: PatientAggregation; threshold?: number; name?: string },
): EvaluationResult {
  const report = (subset: readonly SlicePrediction[]) => {
    const yTrue = subset.map((prediction) => prediction.label);
    const yScore = subset.map((prediction) => prediction.probabilities[1]!);
    const patients = aggregateByPatient(subset.map((prediction) => prediction.patientId), yTrue, yScore, options.aggregation);
    return {
      imageLevel: diagnosticReport({ yTrue, yScore, threshold: options.threshold, name: options.name }),
      patientLevel: diagnosticReport({ yTrue: patients.yTrue, yScore: patients.yScore, threshold: options.threshold, name: options.name }),
    };
  };
  const overall = report(predictions);
  const perSite: EvaluationResult['perSite'] = {};
  const sites = [...new Set(predictions.map((prediction) => prediction.site).filter((site): site is string => site !== undefined))].sort();
  for (const site of sites) perSite[site] = report(predictions.filter((prediction) => prediction.site === site));
  return { positiveClass: options.classes[1]!, ...overall, perSite, predictions: [...predictions] };
}

/** The sample fields an evaluation keeps. */
export function predictionOf(sample: SliceSample, probabilities: Float32Array): SlicePrediction {
  return {
    sampleId: sample.id,
    patientId: sample.patientId,
    ...(sample.site !== undefined ? { site: sample.site } : {}),
    label: sample.label,
    probabilities: Array.from(probabilities),
  };
}
