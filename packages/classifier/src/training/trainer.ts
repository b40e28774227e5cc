import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '@spinedx/core';
import { rocAucScore } from '@spinedx/metrics';
import { shuffleInPlace } from '../dataset/shuffle';
import { readCheckpoint, writeCheckpoint, type CheckpointStore, type TrainingState } from './checkpoint';
import { balancedClassWeights, crossEntropyLoss } from './loss';
import { createOptimizer, type OptimizerOptions } from './optimizers';
import { createSchedule, type ScheduleOptions } from './schedules';
import { mixSeed } from './seeds';

/** What the trainer needs of a model: named variables, a forward pass, and its trainable subsets. */
export interface TrainableModel {
  readonly numClasses: number;
  readonly variables: ReadonlyMap<string, tf.Variable>;
  forward(input: tf.Tensor4D, options?: { training?: boolean; seed?: number }): tf.Tensor2D;
  trainableVariables(options?: { includeClassifier?: boolean; includeBackbone?: boolean }): tf.Variable[];
}

/** A labelled set the trainer draws batches from. */
export interface BatchSource {
  readonly size: number;
  readonly labels: readonly number[];
  /** Builds an input batch; `seeds[i]` seeds the augmentation of `indices[i]`, no seeds means the evaluation pipeline. */
  load(indices: readonly number[], seeds?: readonly number[]): Promise<tf.Tensor4D>;
}

/** Training options (defaults in brackets). */
export interface TrainOptions {
  epochs: number;
  batchSize?: number /* [8] */;
  /**
   * Drop the last batch of an epoch when it is smaller than `batchSize` [false]. A last batch of a single image is
   * always dropped: batch norm's training statistics of one image are degenerate and destabilise small models.
   */
  dropLast?: boolean;
  optimizer?: OptimizerOptions['kind'] /* ['adamw'] */;
  learningRate?: number /* [1e-3] */;
  schedule?: ScheduleOptions /* [cosine, 1 epoch warm-up] */;
  weightDecay?: number;
  momentum?: number;
  labelSmoothing?: number /* [0] */;
  classWeights?: 'balanced' | readonly number[];
  /** Stop when the monitored validation figure has not improved for `patience` epochs; restore the best weights. */
  earlyStopping?: { patience: number; monitor?: 'loss' | 'auc'; restoreBest?: boolean };
  /** Checkpoint after every epoch; a rerun with the same store resumes from the last one. */
  checkpoint?: CheckpointStore;
  /** Train only the classifier for the first N epochs [0]. */
  freezeBackboneEpochs?: number;
  seed?: number /* [0] */;
  onProgress?: (event: TrainingEvent) => void;
  /** Aborts between batches. */
  signal?: AbortSignal;
}

/** Progress events, in order: start, (batch…, epoch, checkpoint?)…, stop. */
export type TrainingEvent =
  | { type: 'start'; epochs: number; batchesPerEpoch: number; resumedFromEpoch: number }
  | { type: 'batch'; epoch: number; batch: number; batches: number; loss: number; learningRate: number; imagesPerSecond: number }
  | { type: 'epoch'; epoch: number; epochs: number; trainLoss: number; validation?: ValidationFigures; learningRate: number; seconds: number }
  | { type: 'checkpoint'; epoch: number }
  | { type: 'stop'; reason: 'completed' | 'early-stopping'; epochs: number; bestEpoch: number };

/** Per-epoch validation figures. */
export interface ValidationFigures {
  loss: number;
  accuracy: number;
  /** Null when the validation set has one class only. */
  auc: number | null;
}

/** The per-epoch history of a run. */
export interface TrainingHistory {
  epochs: { epoch: number; trainLoss: number; learningRate: number; validation?: ValidationFigures }[];
  bestEpoch: number;
  stoppedEarly: boolean;
  resumedFromEpoch: number;
}

/** Class probabilities `[N, K]` of the whole source in evaluation mode, batch by batch. */
export async function predictProbabilities(model: TrainableModel, source: BatchSource, batchSize: number): Promise<Float32Array[]> {
  const rows: Float32Array[] = [];
  for (let start = 0; start < source.size; start += batchSize) {
    const indices = range(start, Math.min(source.size, start + batchSize));
    const input = await source.load(indices);
    let probabilities: tf.Tensor;
    try {
      probabilities = tf.tidy(() => tf.softmax(model.forward(input, { training: false })));
    } finally {
      input.dispose();
    }
    const data = (await probabilities.data()) as Float32Array;
    const classes = probabilities.shape[1]!;
    probabilities.dispose();
    for (let row = 0; row < indices.length; row++) rows.push(data.slice(row * classes, (row + 1) * classes));
  }
  return rows;
}

/**
 * Trains `model` on `train`, validating on `validation` after each epoch. Deterministic for a seed on a given backend:
 * the epoch order, each sample's augmentation and each step's dropout come from seeds mixed from (seed, epoch, batch),
 * so a run resumed from a checkpoint ends with the same weights as an uninterrupted one.
 */
export async function trainModel(model: TrainableModel, train: BatchSource, validation: BatchSource | undefined, options: TrainOptions): Promise<TrainingHistory> {
  const settings = validateOptions(train, options);
  const { epochs, batchSize, seed } = settings;
  const remainder = train.size % batchSize;
  const batchesPerEpoch = Math.floor(train.size / batchSize) + (remainder > 1 && !options.dropLast ? 1 : 0);
  if (batchesPerEpoch === 0) throw new InvalidArgumentError(`trainModel: ${train.size} sample(s) make no batch of batchSize ${batchSize}`, { code: 'EMPTY_INPUT' });
  const samplesPerEpoch = Math.min(train.size, batchesPerEpoch * batchSize);
  const totalSteps = epochs * batchesPerEpoch;
  const schedule = createSchedule(options.schedule ?? { kind: 'cosine', warmupSteps: batchesPerEpoch }, settings.learningRate, totalSteps);
  const optimizer = createOptimizer({ kind: options.optimizer ?? 'adamw', weightDecay: options.weightDecay, momentum: options.momentum });
  const classes = model.numClasses;
  const classWeights = options.classWeights === 'balanced' ? balancedClassWeights([...train.labels], classes) : options.classWeights;
  const fingerprint = JSON.stringify({ size: train.size, labels: hashLabels(train.labels), epochs, batchSize, dropLast: options.dropLast ?? false, seed, optimizer: options.optimizer ?? 'adamw', learningRate: settings.learningRate });
  const monitor = options.earlyStopping?.monitor ?? 'loss';
  const keepBest = options.earlyStopping !== undefined && options.earlyStopping.restoreBest !== false;
  const history: TrainingHistory = { epochs: [], bestEpoch: -1, stoppedEarly: false, resumedFromEpoch: 0 };
  let step = 0;
  let best = { score: -Infinity, epoch: -1, epochsWithoutImprovement: 0 };
  let bestWeights: Map<string, tf.Tensor> | undefined;

  try {
    const resumed = options.checkpoint ? await readCheckpoint(options.checkpoint) : undefined;
    if (resumed && resumed.state.fingerprint === fingerprint) {
      for (const [name, variable] of model.variables) {
        const saved = resumed.tensors.get(`model/${name}`);
        if (saved) variable.assign(saved);
      }
      const optimizerTensors = new Map([...resumed.tensors].filter(([name]) => name.startsWith('optimizer/')).map(([name, tensor]) => [name.slice(10), tensor]));
      optimizer.setState({ step: resumed.state.optimizerStep, tensors: optimizerTensors });
      const bestTensors = [...resumed.tensors].filter(([name]) => name.startsWith('best/'));
      if (bestTensors.length > 0) bestWeights = new Map(bestTensors.map(([name, tensor]) => [name.slice(5), tf.clone(tensor)]));
      schedule.restore(resumed.state.schedule);
      step = resumed.state.step;
      best = resumed.state.best;
      history.resumedFromEpoch = resumed.state.completedEpochs;
      history.epochs = resumed.state.history.map((entry) => ({ ...(entry as unknown as TrainingHistory['epochs'][number]) }));
    }
    if (resumed) tf.dispose([...resumed.tensors.values()]);
    options.onProgress?.({ type: 'start', epochs, batchesPerEpoch, resumedFromEpoch: history.resumedFromEpoch });

    for (let epoch = history.resumedFromEpoch; epoch < epochs; epoch++) {
      const started = performance.now();
      const frozen = epoch < (options.freezeBackboneEpochs ?? 0);
      const variables = model.trainableVariables({ includeBackbone: !frozen, includeClassifier: true });
      const timmNameOf = new Map([...model.variables].map(([name, variable]) => [variable.name, name]));
      const order = shuffleInPlace(range(0, train.size), mixSeed(seed, epoch, 1));
      let lossSum = 0;
      let learningRate = 0;
      for (let batch = 0; batch < batchesPerEpoch; batch++) {
        if (options.signal?.aborted) throw new InvalidArgumentError('trainModel: aborted', { code: 'ABORTED' });
        const batchStarted = performance.now();
        const indices = order.slice(batch * batchSize, (batch + 1) * batchSize);
        const input = await train.load(indices, indices.map((index) => mixSeed(seed, epoch, index, 2)));
        const labels = indices.map((index) => train.labels[index]!);
        learningRate = schedule.learningRateAt(step, epoch);
        const forwardSeed = mixSeed(seed, epoch, batch, 3);
        // Disposed whether the step succeeds or the backend fails part-way (e.g. out of memory).
        let computed: { value: tf.Scalar; grads: tf.NamedTensorMap } | undefined;
        let loss: number;
        try {
          computed = tf.variableGrads(
            () => crossEntropyLoss(model.forward(input, { training: true, seed: forwardSeed }), labels, { labelSmoothing: options.labelSmoothing, classWeights }),
            variables,
          );
          const named: Record<string, tf.Tensor> = {};
          for (const [variableName, gradient] of Object.entries(computed.grads)) named[timmNameOf.get(variableName) ?? variableName] = gradient;
          optimizer.step(model.variables, named, learningRate);
          loss = (await computed.value.data())[0]!;
        } finally {
          tf.dispose([input, ...(computed ? [computed.value, ...Object.values(computed.grads)] : [])]);
        }
        if (!Number.isFinite(loss)) throw new InvalidArgumentError(`trainModel: loss became ${loss} at epoch ${epoch + 1}, batch ${batch + 1}; lower the learning rate`, { code: 'NON_FINITE_LOSS' });
        lossSum += loss * indices.length;
        step += 1;
        options.onProgress?.({ type: 'batch', epoch, batch, batches: batchesPerEpoch, loss, learningRate, imagesPerSecond: (indices.length * 1000) / (performance.now() - batchStarted) });
      }
      const trainLoss = lossSum / samplesPerEpoch;
      const figures = validation ? await validate(model, validation, batchSize, classes) : undefined;
      if (figures) schedule.observe(figures.loss);
      history.epochs.push({ epoch, trainLoss, learningRate, ...(figures ? { validation: figures } : {}) });
      const score = figures ? (monitor === 'auc' ? (figures.auc ?? -figures.loss) : -figures.loss) : -trainLoss;
      if (score > best.score) {
        best = { score, epoch, epochsWithoutImprovement: 0 };
        if (keepBest) {
          tf.dispose([...(bestWeights?.values() ?? [])]);
          bestWeights = new Map([...model.variables].map(([name, variable]) => [name, tf.clone(variable)]));
        }
      } else best.epochsWithoutImprovement += 1;
      history.bestEpoch = best.epoch;
      options.onProgress?.({ type: 'epoch', epoch, epochs, trainLoss, ...(figures ? { validation: figures } : {}), learningRate, seconds: (performance.now() - started) / 1000 });
      const stopNow = options.earlyStopping !== undefined && best.epochsWithoutImprovement >= options.earlyStopping.patience;
      if (options.checkpoint) {
        const state: TrainingState = { fingerprint, completedEpochs: stopNow ? epochs : epoch + 1, step, optimizerStep: optimizer.getState().step, schedule: schedule.state(), best, history: history.epochs as unknown as Record<string, number>[] };
        const optimizerState = optimizer.getState();
        const tensors = new Map<string, tf.Tensor>([
          ...[...model.variables].map(([name, variable]) => [`model/${name}`, variable] as [string, tf.Tensor]),
          ...[...optimizerState.tensors].map(([name, tensor]) => [`optimizer/${name}`, tensor] as [string, tf.Tensor]),
          ...[...(bestWeights ?? new Map<string, tf.Tensor>())].map(([name, tensor]) => [`best/${name}`, tensor] as [string, tf.Tensor]),
        ]);
        await writeCheckpoint(options.checkpoint, state, tensors);
        tf.dispose([...optimizerState.tensors.values()]);
        options.onProgress?.({ type: 'checkpoint', epoch });
      }
      if (stopNow) {
        history.stoppedEarly = true;
        break;
      }
    }
    history.bestEpoch = best.epoch;
    if (bestWeights && keepBest) {
      for (const [name, tensor] of bestWeights) model.variables.get(name)?.assign(tensor);
    }
    options.onProgress?.({ type: 'stop', reason: history.stoppedEarly ? 'early-stopping' : 'completed', epochs: history.epochs.length, bestEpoch: history.bestEpoch });
    return history;
  } finally {
    optimizer.dispose();
    tf.dispose([...(bestWeights?.values() ?? [])]);
  }
}

async function validate(model: TrainableModel, source: BatchSource, batchSize: number, classes: number): Promise<ValidationFigures> {
  const probabilities = await predictProbabilities(model, source, batchSize);
  let loss = 0;
  let correct = 0;
  probabilities.forEach((row, index) => {
    const label = source.labels[index]!;
    loss -= Math.log(Math.max(row[label]!, 1e-12));
    if (argmax(row) === label) correct += 1;
  });
  const positives = new Set(source.labels);
  const auc = classes === 2 && positives.size === 2 ? rocAucScore([...source.labels], probabilities.map((row) => row[1]!)) : null;
  return { loss: loss / probabilities.length, accuracy: correct / probabilities.length, auc };
}

function validateOptions(train: BatchSource, options: TrainOptions) {
  const epochs = options.epochs;
  const batchSize = options.batchSize ?? 8;
  const learningRate = options.learningRate ?? 1e-3;
  if (!Number.isInteger(epochs) || epochs < 1) throw new InvalidArgumentError(`trainModel: epochs must be a positive integer, received ${epochs}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new InvalidArgumentError(`trainModel: batchSize must be a positive integer, received ${batchSize}`);
  if (!(learningRate > 0)) throw new InvalidArgumentError(`trainModel: learningRate must be > 0, received ${learningRate}`);
  if (train.size === 0 || train.labels.length !== train.size) throw new InvalidArgumentError(`trainModel: the training set has ${train.size} samples and ${train.labels.length} labels`, { code: 'EMPTY_INPUT' });
  return { epochs, batchSize, learningRate, seed: options.seed ?? 0 };
}

function hashLabels(labels: readonly number[]): number {
  return mixSeed(labels.length, ...labels);
}

function range(start: number, end: number): number[] {
  return Array.from({ length: end - start }, (_, index) => start + index);
}

function argmax(row: Float32Array): number {
  let best = 0;
  for (let index = 1; index < row.length; index++) if (row[index]! > row[best]!) best = index;
  return best;
}
