import type { CohortPlan, PatientPlan } from './cohort-plan';
import { PhantomError } from './phantom-error';
import { renderPatient } from './render-patient';

/** Options of {@link evaluateLogisticBaseline}. */
export interface LogisticBaselineOptions {
  /** Side of the downsampled middle slice (4-128). Default 32. */
  inputSize?: number;
  /** Full-batch gradient descent epochs. Default 300. */
  epochs?: number;
  learningRate?: number;
  /** L2 penalty on the weights. Default 0.01. */
  l2?: number;
}

/** Scores of the trivial baseline; positive class = STB. */
export interface LogisticBaselineResult {
  inputSize: number;
  developmentPatients: number;
  externalPatients: number;
  /** ROC AUC on the development sites it was fitted on (optimistic). */
  developmentAuc: number;
  /** ROC AUC on the held-out external sites. */
  externalAuc: number;
  /** Accuracy at probability 0.5 on the external sites. */
  externalAccuracy: number;
}

/**
 * A deliberately trivial baseline: logistic regression on the whole middle sagittal slice, area-downsampled to
 * `inputSize`², each image divided by its 99th percentile, features z-scored on the development sites. Fitted on
 * the development sites, scored on the external ones. A task where this scores high would not need a CNN.
 */
export function evaluateLogisticBaseline(cohort: CohortPlan, options: LogisticBaselineOptions = {}): LogisticBaselineResult {
  const inputSize = options.inputSize ?? 32;
  const epochs = options.epochs ?? 300;
  const learningRate = options.learningRate ?? 0.1;
  const l2 = options.l2 ?? 0.01;
  if (!Number.isInteger(inputSize) || inputSize < 4 || inputSize > 128) {
    throw new PhantomError(`evaluateLogisticBaseline: inputSize must be an integer in [4, 128], received ${String(inputSize)}`, 'INVALID_OPTION');
  }
  const development = cohort.patients.filter((patient) => patient.role === 'development');
  const external = cohort.patients.filter((patient) => patient.role === 'external');
  const hasBoth = (patients: PatientPlan[]): boolean => patients.some((patient) => patient.label === 'STB') && patients.some((patient) => patient.label === 'SM');
  if (!hasBoth(development) || !hasBoth(external)) {
    throw new PhantomError('evaluateLogisticBaseline: expected both classes among development and among external patients, received a cohort lacking one', 'INVALID_PLAN');
  }
  const features = (patients: PatientPlan[]): Float64Array[] => patients.map((patient) => middleSliceFeatures(patient, inputSize));
  const trainX = features(development);
  const testX = features(external);
  const trainY = development.map((patient) => (patient.label === 'STB' ? 1 : 0));
  const testY = external.map((patient) => (patient.label === 'STB' ? 1 : 0));
  const size = inputSize * inputSize;
  const mean = new Float64Array(size);
  const scale = new Float64Array(size);
  for (const row of trainX) for (let index = 0; index < size; index++) mean[index] = mean[index]! + row[index]! / trainX.length;
  for (const row of trainX) for (let index = 0; index < size; index++) scale[index] = scale[index]! + (row[index]! - mean[index]!) ** 2 / trainX.length;
  for (let index = 0; index < size; index++) scale[index] = Math.sqrt(scale[index]!) + 1e-6;
  const standardise = (row: Float64Array): Float64Array => row.map((value, index) => (value - mean[index]!) / scale[index]!);
  const train = trainX.map(standardise);
  const test = testX.map(standardise);
  const weights = new Float64Array(size);
  let bias = 0;
  const predict = (row: Float64Array): number => {
    let sum = bias;
    for (let index = 0; index < size; index++) sum += weights[index]! * row[index]!;
    return 1 / (1 + Math.exp(-sum));
  };
  for (let epoch = 0; epoch < epochs; epoch++) {
    const gradient = new Float64Array(size);
    let biasGradient = 0;
    train.forEach((row, sample) => {
      const error = predict(row) - trainY[sample]!;
      biasGradient += error;
      for (let index = 0; index < size; index++) gradient[index] = gradient[index]! + error * row[index]!;
    });
    for (let index = 0; index < size; index++) weights[index] = weights[index]! - learningRate * (gradient[index]! / train.length + l2 * weights[index]!);
    bias -= (learningRate * biasGradient) / train.length;
  }
  const testScores = test.map(predict);
  return {
    inputSize,
    developmentPatients: development.length,
    externalPatients: external.length,
    developmentAuc: rocAuc(trainY, train.map(predict)),
    externalAuc: rocAuc(testY, testScores),
    externalAccuracy: testScores.filter((score, index) => (score >= 0.5 ? 1 : 0) === testY[index]).length / testY.length,
  };
}

/** ROC AUC as the Mann-Whitney U statistic (ties count one half); labels are 0/1. */
export function rocAuc(labels: readonly number[], scores: readonly number[]): number {
  if (labels.length !== scores.length) {
    throw new PhantomError(`rocAuc: labels and scores must have the same length, received ${labels.length} and ${scores.length}`, 'INVALID_OPTION');
  }
  const order = scores.map((score, index) => ({ score, label: labels[index]! })).sort((a, b) => a.score - b.score);
  let rankSum = 0;
  let positives = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    while (end < order.length && order[end]!.score === order[start]!.score) end++;
    const rank = (start + end + 1) / 2;
    for (let index = start; index < end; index++) {
      if (order[index]!.label === 1) {
        rankSum += rank;
        positives++;
      }
    }
    start = end;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) {
    throw new PhantomError(`rocAuc: expected both labels 0 and 1, received ${positives} positives and ${negatives} negatives`, 'INVALID_OPTION');
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

function middleSliceFeatures(plan: PatientPlan, size: number): Float64Array {
  const slice = renderPatient(plan, { sliceIndices: [Math.floor(plan.slices / 2)] }).slices[0]!;
  const { data, height, width } = slice.image;
  const sorted = Float32Array.from(data).sort();
  const reference = sorted[Math.floor(sorted.length * 0.99)]! || 1;
  const features = new Float64Array(size * size);
  const counts = new Float64Array(size * size);
  for (let y = 0; y < height; y++) {
    const row = Math.min(size - 1, Math.floor((y * size) / height)) * size;
    for (let x = 0; x < width; x++) {
      const target = row + Math.min(size - 1, Math.floor((x * size) / width));
      features[target] = features[target]! + data[y * width + x]! / reference;
      counts[target] = counts[target]! + 1;
    }
  }
  for (let index = 0; index < features.length; index++) features[index] = features[index]! / counts[index]!;
  return features;
}
