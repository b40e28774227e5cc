/**
 * @packageDocumentation
 * Train, evaluate, explain and ship a spinal tuberculosis vs metastasis classifier on any TensorFlow.js backend.
 * Browser-safe: folders, checkpoints on disk and DICOM-folder datasets are in `@spinedx/classifier/node`.
 */
export { DEFAULT_CLASS_NAMES } from './class-names';
export type { BundleReader, BundleWriter, ClassifierConfig, FitOptions, Prediction, PredictOptions, SliceResult, SpineClassifierOptions } from './spine-classifier';
export { SpineClassifier } from './spine-classifier';
export type { EvaluationResult, SlicePrediction } from './evaluation';
export { summarizePredictions } from './evaluation';
export type { SliceSample } from './dataset/slice-sample';
export { groupByPatient } from './dataset/slice-sample';
export { SliceCache } from './dataset/slice-cache';
export { DatasetError } from './dataset/dataset-error';
export type { PhantomDatasetOptions } from './dataset/phantom-dataset';
export { datasetFromPhantom } from './dataset/phantom-dataset';
export type { Split } from './dataset/splits';
export { groupShuffleSplit, siteHeldOutSplit, stratifiedGroupKFold } from './dataset/splits';
export type { BatchSource, TrainableModel, TrainingEvent, TrainingHistory, TrainOptions, ValidationFigures } from './training/trainer';
export { predictProbabilities, trainModel } from './training/trainer';
export type { CheckpointStore, TrainingState } from './training/checkpoint';
export type { OptimizerOptions, Optimizer } from './training/optimizers';
export { createOptimizer } from './training/optimizers';
export type { Schedule, ScheduleOptions } from './training/schedules';
export { createSchedule } from './training/schedules';
export { balancedClassWeights, crossEntropyLoss } from './training/loss';
export type { BundleManifest } from './bundle/bundle-format';
export { decodeBundle, encodeBundle, readFromUrl } from './bundle/bundle-format';
export { BundleError } from './bundle/bundle-error';
export { CHECKSUM_FILE, sha256Hex } from './bundle/checksums';
export type { BackendName, InitBackendOptions, InitBackendResult } from '@spinedx/backends';
export { BackendFailureError, initBackend, registerTrainingKernels } from '@spinedx/backends';
