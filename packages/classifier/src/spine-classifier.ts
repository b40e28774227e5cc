import * as tf from '@tensorflow/tfjs-core';
import { assertImage, InvalidArgumentError, type ImageArray } from '@spinedx/core';
import {
  createBackbone,
  exportTimmWeights,
  getPretrainedConfig,
  loadTimmWeights,
  readSafetensors,
  writeSafetensors,
  type Backbone,
  type CreateBackboneOptions,
} from '@spinedx/backbones';
import { toBackendFailure } from '@spinedx/backends';
import { gradCam, normalizeMinMax, upsampleBilinear, type CamMethod, type CamResult } from '@spinedx/gradcam';
import type { PatientAggregation } from '@spinedx/metrics';
import { preprocessFor, type AugmentationOptions, type Preprocessing, type PreprocessOptions } from '@spinedx/transforms';
import { toInputTensor } from '@spinedx/transforms/tfjs';
import { decodeBundle, encodeBundle, readFromUrl } from './bundle/bundle-format';
import { BundleError } from './bundle/bundle-error';
import { sha256Hex } from './bundle/checksums';
import { DEFAULT_CLASS_NAMES } from './class-names';
import { createBatchSource } from './dataset/batch-source';
import { SliceCache } from './dataset/slice-cache';
import type { SliceSample } from './dataset/slice-sample';
import { predictionOf, summarizePredictions, type EvaluationResult } from './evaluation';
import { predictProbabilities, trainModel, type TrainingHistory, type TrainOptions } from './training/trainer';
import { VERSION } from './version';

/** Options of {@link SpineClassifier.create}. */
export interface SpineClassifierOptions {
  /** A name from `listBackbones()` of @spinedx/backbones, e.g. 'mvitv2_tiny', 'efficientnet_b3', 'resnet101', 'resnet34'. */
  backbone: string;
  /** Class names; the second is the positive class of binary figures. Default ['STB', 'SM']. */
  classes?: readonly string[];
  /** Square input size in pixels. Default: the backbone's pretrained input size. */
  inputSize?: number;
  /** 1 (grey MR, default) or 3 (grey replicated; what ImageNet weights expect). */
  inChannels?: 1 | 3;
  /** Pretrained weights: safetensors bytes or a URL, with timm names (the classifier is re-initialised). */
  weights?: Uint8Array | string;
  backboneOptions?: Omit<CreateBackboneOptions, 'numClasses' | 'inputShape'>;
  /** Intensity step and fit of the preprocessing (channels and size come from the options above). */
  preprocessing?: Pick<PreprocessOptions, 'intensity' | 'fit'>;
  /** Default training augmentation (`fit` may override). */
  augmentation?: AugmentationOptions | false;
  /** How slice probabilities become a patient probability. Default 'mean'. */
  patientAggregation?: PatientAggregation;
  /** Seed of the initial weights. Default 0. */
  seed?: number;
  /** Bytes of decoded slices kept in memory. Default 512 MiB. */
  cacheBytes?: number;
}

/** What a bundle stores to rebuild the classifier. */
export interface ClassifierConfig {
  backbone: string;
  classes: string[];
  inputSize: number;
  inChannels: 1 | 3;
  backboneOptions: Omit<CreateBackboneOptions, 'numClasses' | 'inputShape'>;
  preprocessing: Pick<PreprocessOptions, 'intensity' | 'fit'>;
  augmentation: AugmentationOptions | false;
  patientAggregation: PatientAggregation;
  seed: number;
}

/** Options of {@link SpineClassifier.fit}: the trainer's plus a validation set and an augmentation override. */
export interface FitOptions extends TrainOptions {
  validation?: readonly SliceSample[];
  augmentation?: AugmentationOptions | false;
}

/** Options of {@link SpineClassifier.predict}. */
export interface PredictOptions {
  /** Compute a CAM of the predicted class per slice: `true` for Grad-CAM, or a method. */
  gradcam?: boolean | { method: CamMethod };
  /** Test-time augmentation: average with the horizontally flipped slice. */
  tta?: boolean;
}

/** One slice's prediction. */
export interface SliceResult {
  probabilities: number[];
  label: string;
  /** Raw CAM at feature resolution, and its min-max normalised upsampling to the model input (`heatmap`). */
  cam?: CamResult & { heatmap: Float32Array; heatmapSize: [number, number] };
}

/** A patient's (series') prediction. */
export interface Prediction {
  slices: SliceResult[];
  patient: { probabilities: number[]; label: string };
}

/** Writes bundle files somewhere (a folder in Node: `directoryWriter` from `/node`). */
export type BundleWriter = (files: ReadonlyMap<string, Uint8Array>) => Promise<void>;
/** Reads a bundle file by name; undefined when missing (`directoryReader` from `/node`, `readFromUrl`). */
export type BundleReader = (name: string) => Promise<Uint8Array | undefined>;

/**
 * A spinal tuberculosis vs metastasis classifier: a backbone plus the preprocessing it was trained with, with fit,
 * evaluate, predict (and Grad-CAM), and save/load of checksummed bundles. Works on any tfjs backend; call
 * `initBackend` from @spinedx/backends first to choose one.
 */
export class SpineClassifier {
  private readonly cache: SliceCache;
  private preprocessingCache = new Map<string, Preprocessing>();
  /** Training provenance, written into bundles. */
  provenance: Record<string, unknown> = {};

  private constructor(
    readonly config: ClassifierConfig,
    readonly backbone: Backbone,
    cacheBytes?: number,
  ) {
    this.cache = new SliceCache(cacheBytes);
  }

  /** Builds a classifier with fresh (or given pretrained) weights. */
  static async create(options: SpineClassifierOptions): Promise<SpineClassifier> {
    const config = resolveConfig(options);
    const backbone = createBackbone(config.backbone, {
      ...config.backboneOptions,
      seed: config.seed,
      numClasses: config.classes.length,
      inputShape: [config.inputSize, config.inputSize, config.inChannels],
    });
    const classifier = new SpineClassifier(config, backbone, options.cacheBytes);
    try {
      if (options.weights !== undefined) {
        const bytes = typeof options.weights === 'string' ? await fetchBytes(options.weights) : options.weights;
        loadTimmWeights(backbone, readSafetensors(bytes));
      }
    } catch (error) {
      classifier.dispose();
      throw error;
    }
    return classifier;
  }

  /** Loads a bundle saved by {@link SpineClassifier.save} from a reader or a URL, verifying every file's checksum. */
  static async load(source: string | BundleReader, options: { cacheBytes?: number } = {}): Promise<SpineClassifier> {
    const reader = typeof source === 'string' ? readFromUrl(source) : source;
    const { manifest, tensors } = await decodeBundle<ClassifierConfig>(reader);
    try {
      const config = manifest.config;
      if (typeof config?.backbone !== 'string' || !Array.isArray(config.classes)) {
        throw new BundleError('SpineClassifier.load: spinedx.json has no classifier config', 'INVALID_MANIFEST', 'spinedx.json');
      }
      const classifier = await SpineClassifier.create({ ...config, cacheBytes: options.cacheBytes });
      for (const [name, variable] of classifier.backbone.variables) {
        const tensor = tensors.get(name);
        if (tensor === undefined || tensor.shape.join() !== variable.shape.join()) {
          classifier.dispose();
          throw new BundleError(`SpineClassifier.load: weights.bin lacks '${name}' [${variable.shape.join(', ')}] or has another shape`, 'INVALID_MANIFEST', 'weights.bin');
        }
        variable.assign(tensor);
      }
      classifier.provenance = manifest.provenance;
      return classifier;
    } finally {
      tf.dispose([...tensors.values()]);
    }
  }

  /** Class names. */
  get classes(): readonly string[] {
    return this.config.classes;
  }

  /** The preprocessing pipelines, for an augmentation setting. */
  preprocessing(augmentation: AugmentationOptions | false = this.config.augmentation): Preprocessing {
    const key = JSON.stringify(augmentation);
    let pipelines = this.preprocessingCache.get(key);
    if (!pipelines) {
      const { inputSize, inChannels } = this.config;
      pipelines = preprocessFor({ ...this.backbone.config, inputSize: [inChannels, inputSize, inputSize] }, { ...this.config.preprocessing, channels: inChannels, augmentation });
      this.preprocessingCache.set(key, pipelines);
    }
    return pipelines;
  }

  /**
   * Trains on `train` (validating on `options.validation` after each epoch). Deterministic for `options.seed` on a
   * backend, resumable through `options.checkpoint`. Records the run in {@link SpineClassifier.provenance}.
   */
  async fit(train: readonly SliceSample[], options: FitOptions): Promise<TrainingHistory> {
    // Gradients are registered by the full @tensorflow/tfjs package (a peer), not by tfjs-core alone.
    await import('@tensorflow/tfjs');
    this.checkLabels(train, 'fit');
    if (options.validation) this.checkLabels(options.validation, 'fit (validation)');
    const started = Date.now();
    const preprocessing = this.preprocessing(options.augmentation ?? this.config.augmentation);
    const history = await onBackend('fit', () =>
      trainModel(
        this.backbone,
        createBatchSource(train, preprocessing, this.cache),
        options.validation ? createBatchSource(options.validation, this.preprocessing(false), this.cache) : undefined,
        options,
      ),
    );
    this.provenance = {
      ...this.provenance,
      training: {
        seed: options.seed ?? 0,
        epochs: history.epochs.length,
        bestEpoch: history.bestEpoch,
        batchSize: options.batchSize ?? 8,
        optimizer: options.optimizer ?? 'adamw',
        learningRate: options.learningRate ?? 1e-3,
        dataManifest: await datasetDigest(train),
        trainSamples: train.length,
        validationSamples: options.validation?.length ?? 0,
        history: history.epochs,
        seconds: (Date.now() - started) / 1000,
        backend: tf.getBackend(),
      },
    };
    return history;
  }

  /** Image-level and patient-level figures (binary: the second class is positive), overall and per site. */
  async evaluate(test: readonly SliceSample[], options: { batchSize?: number; threshold?: number; name?: string } = {}): Promise<EvaluationResult> {
    this.checkLabels(test, 'evaluate');
    if (this.config.classes.length !== 2) throw new InvalidArgumentError(`evaluate: diagnostic figures need 2 classes, this classifier has ${this.config.classes.length}`);
    const rows = await onBackend('evaluate', () => predictProbabilities(this.backbone, createBatchSource(test, this.preprocessing(false), this.cache), options.batchSize ?? 16));
    const result = summarizePredictions(
      test.map((sample, index) => predictionOf(sample, rows[index]!)),
      { classes: this.config.classes, aggregation: this.config.patientAggregation, threshold: options.threshold, name: options.name ?? this.config.backbone },
    );
    this.provenance = { ...this.provenance, evaluation: { samples: test.length, imageAuc: result.imageLevel.auc?.auc ?? null, patientAuc: result.patientLevel.auc?.auc ?? null } };
    return result;
  }

  /** Predicts the slices of one patient's series (images in real units, any size), with optional Grad-CAM and TTA. */
  async predict(images: ImageArray | readonly ImageArray[], options: PredictOptions = {}): Promise<Prediction> {
    const slices = Array.isArray(images) ? (images as readonly ImageArray[]) : [images as ImageArray];
    if (slices.length === 0) throw new InvalidArgumentError('predict: expected at least one image, received none', { code: 'EMPTY_INPUT' });
    slices.forEach((image) => assertImage(image, 'predict'));
    const pipeline = this.preprocessing(false);
    const inputs = slices.map((image) => {
      const prepared = pipeline.evaluation(image);
      return { ...prepared, data: prepared.data.slice() };
    });
    const input = toInputTensor(inputs);
    try {
      return await onBackend('predict', async () => {
        const probabilities = tf.tidy(() => {
          const plain = tf.softmax(this.backbone.predict(input));
          if (!options.tta) return plain;
          const flipped = tf.softmax(this.backbone.predict(tf.reverse(input, 2)));
          return tf.div(tf.add(plain, flipped), 2);
        });
        const rows = (await probabilities.array()) as number[][];
        probabilities.dispose();
        const method = options.gradcam === true ? 'gradcam' : options.gradcam ? options.gradcam.method : undefined;
        const cams = method ? await gradCam(this.backbone, input, { method, classIndex: rows.map(argmax) }) : undefined;
        const size = this.config.inputSize;
        const sliceResults: SliceResult[] = rows.map((row, index) => {
          const cam = cams?.[index];
          return {
            probabilities: row,
            label: this.config.classes[argmax(row)]!,
            ...(cam ? { cam: { ...cam, heatmap: normalizeMinMax(upsampleBilinear(cam, size, size).cam), heatmapSize: [size, size] as [number, number] } } : {}),
          };
        });
        const patientProbabilities = aggregate(rows, this.config.patientAggregation);
        return { slices: sliceResults, patient: { probabilities: patientProbabilities, label: this.config.classes[argmax(patientProbabilities)]! } };
      });
    } finally {
      input.dispose();
    }
  }

  /** Writes a bundle (config, provenance, weights, SHA256SUMS) through `writer`. */
  async save(writer: BundleWriter): Promise<void> {
    const provenance = { ...this.provenance, savedAt: new Date().toISOString(), packageVersions: { '@spinedx/classifier': VERSION, '@tensorflow/tfjs-core': tf.version_core } };
    await writer(await encodeBundle(this.config, this.backbone.variables as ReadonlyMap<string, tf.Tensor>, provenance));
  }

  /** The weights as a safetensors file with timm names and PyTorch layouts, to take the model back to PyTorch. */
  exportSafetensors(): Uint8Array {
    return writeSafetensors(exportTimmWeights(this.backbone), { format: 'pt', backbone: this.config.backbone, classes: this.config.classes.join(',') });
  }

  /** Releases the weights. */
  dispose(): void {
    this.backbone.dispose();
  }

  private checkLabels(samples: readonly SliceSample[], caller: string): void {
    if (samples.length === 0) throw new InvalidArgumentError(`${caller}: the dataset is empty`, { code: 'EMPTY_INPUT' });
    const classes = this.config.classes.length;
    const bad = samples.find((sample) => !Number.isInteger(sample.label) || sample.label < 0 || sample.label >= classes);
    if (bad) throw new InvalidArgumentError(`${caller}: sample '${bad.id}' has label ${bad.label}, expected an integer in [0, ${classes - 1}]`, { code: 'INVALID_LABEL' });
  }
}

/** Runs `work`, turning a backend's own failure (memory exhausted, an aborted WebAssembly module) into a typed error. */
async function onBackend<T>(operation: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toBackendFailure(error, operation, tf.getBackend());
  }
}

function resolveConfig(options: SpineClassifierOptions): ClassifierConfig {
  const classes = [...(options.classes ?? DEFAULT_CLASS_NAMES)];
  if (classes.length < 2 || new Set(classes).size !== classes.length) {
    throw new InvalidArgumentError(`SpineClassifier.create: classes must be at least two distinct names, received [${classes.join(', ')}]`);
  }
  const inChannels = options.inChannels ?? 1;
  if (inChannels !== 1 && inChannels !== 3) throw new InvalidArgumentError(`SpineClassifier.create: inChannels must be 1 or 3, received ${String(inChannels)}`);
  const inputSize = options.inputSize ?? defaultInputSize(options.backbone);
  if (!Number.isInteger(inputSize) || inputSize < 16) throw new InvalidArgumentError(`SpineClassifier.create: inputSize must be an integer >= 16, received ${inputSize}`);
  return {
    backbone: options.backbone,
    classes,
    inputSize,
    inChannels,
    backboneOptions: { ...(options.backboneOptions ?? {}) },
    preprocessing: { ...(options.preprocessing ?? {}) },
    augmentation: options.augmentation ?? {},
    patientAggregation: options.patientAggregation ?? 'mean',
    seed: options.seed ?? 0,
  };
}

/** The registry's pretrained input size (read from the config, so no weights are allocated). */
function defaultInputSize(backbone: string): number {
  return getPretrainedConfig(backbone).inputSize[1];
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new InvalidArgumentError(`SpineClassifier.create: fetching weights from '${url}' failed with HTTP ${response.status}`, { code: 'WEIGHTS_UNAVAILABLE' });
  return new Uint8Array(await response.arrayBuffer());
}

/** SHA-256 of the sorted (id, patient, label) list: identifies the training data in a bundle's provenance. */
async function datasetDigest(samples: readonly SliceSample[]): Promise<string> {
  const text = samples.map((sample) => `${sample.id}\t${sample.patientId}\t${sample.label}`).sort().join('\n');
  return sha256Hex(new TextEncoder().encode(text));
}

function aggregate(rows: readonly number[][], aggregation: PatientAggregation): number[] {
  const classes = rows[0]!.length;
  if (aggregation === 'max') {
    // Max of the positive-class probability picks the slice; its row is the patient's.
    let best = rows[0]!;
    for (const row of rows) if (row[classes - 1]! > best[classes - 1]!) best = row;
    return [...best];
  }
  return Array.from({ length: classes }, (_, index) => rows.reduce((sum, row) => sum + row[index]!, 0) / rows.length);
}

function argmax(row: readonly number[]): number {
  let best = 0;
  for (let index = 1; index < row.length; index++) if (row[index]! > row[best]!) best = index;
  return best;
}

