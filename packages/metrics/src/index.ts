/**
 * @packageDocumentation
 * Diagnostic-accuracy statistics with scikit-learn's API in camelCase: label metrics, ROC/PR curves, AUC with
 * DeLong intervals and tests, McNemar, proportion CIs, bootstrap, calibration, patient-level aggregation and a
 * report model with Markdown, JSON and SVG renderers. Zero dependencies besides @spinedx/core, no TensorFlow.js.
 */
export { accuracyScore } from './accuracy';
export type { ClassificationAverage, ClassificationScoreOptions } from './classification-scores';
export { f1Score, precisionScore, recallScore } from './classification-scores';
export type { ConfusionMatrixOptions } from './confusion-matrix';
export { confusionMatrix } from './confusion-matrix';
export type { CohenKappaOptions } from './agreement';
export { cohenKappaScore, matthewsCorrcoef } from './agreement';
export type { BinaryRates } from './binary-rates';
export { binaryRates } from './binary-rates';
export type { RocCurve, RocCurveOptions } from './roc';
export { rocAucScore, rocCurve } from './roc';
export type { YoudenPoint } from './youden-threshold';
export { youdenThreshold } from './youden-threshold';
export type { PrecisionRecallCurve } from './precision-recall';
export { averagePrecisionScore, precisionRecallCurve } from './precision-recall';
export type { CalibrationCurve, CalibrationOptions } from './calibration';
export { brierScoreLoss, calibrationCurve, expectedCalibrationError } from './calibration';
export type { DelongCiOptions, DelongInterval, DelongTestResult } from './delong';
export { delongCi, delongTest } from './delong';
export type { McNemarOptions, McNemarResult } from './mcnemar';
export { mcnemarTest } from './mcnemar';
export type { ProportionConfintMethod, ProportionConfintOptions } from './proportion-confint';
export { proportionConfint } from './proportion-confint';
export type { BootstrapCiOptions, BootstrapInterval, ScoreMetric } from './bootstrap-ci';
export { bootstrapCi } from './bootstrap-ci';
export type { PatientAggregation, PatientLevel } from './patient-aggregation';
export { aggregateByPatient } from './patient-aggregation';
export type { NumericArray } from './input-checks';
export type { DiagnosticReport, DiagnosticReportInput, DiagnosticSummary, Interval } from './diagnostic-report';
export { diagnosticReport } from './diagnostic-report';
export type { ModelComparison } from './model-comparison';
export { compareModels } from './model-comparison';
export type { MarkdownReportOptions } from './render-markdown';
export { renderReportMarkdown } from './render-markdown';
export { renderReportJson } from './render-json';
export type { RocSeries, RocSvgOptions } from './render-roc-svg';
export { renderRocSvg } from './render-roc-svg';
export type { ConfusionMatrixSvgOptions } from './render-confusion-svg';
export { renderConfusionMatrixSvg } from './render-confusion-svg';
