import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImageArray } from '@spinedx/core';
import { SpineClassifier, type EvaluationResult, type SliceSample, type TrainingEvent } from '@spinedx/classifier';
import { datasetFromManifest, saveClassifier } from '@spinedx/classifier/node';
import { decodeImage, parseDicom } from '@spinedx/dicom';
import { energyInsideMask, pointingGame, type CamMap } from '@spinedx/gradcam';
import { letterbox } from '@spinedx/transforms';
import { decode } from 'fast-png';
import type { GalleryEntry, ModelRunResult } from '../report/build-study-report';
import { renderGalleryImages } from '../report/gallery-images';
import type { ScoredSet } from '../report/scored-set';

/** An external patient's slice with the most lesion, for Grad-CAM localisation. */
export interface LocalizationCase {
  patientId: string;
  site: string;
  /** 1 = positive class. */
  truth: 0 | 1;
  /** DICOM and mask PNG paths relative to the cohort folder. */
  file: string;
  mask: string;
  sliceIndex: number;
}

/** One model's share of the demo: plain data, so it can cross to a worker thread. */
export interface ModelJob {
  backbone: string;
  displayName: string;
  inputSize: number;
  seed: number;
  cohortDir: string;
  slicesPerPatient: number;
  classes: [string, string];
  training: { epochs: number; batchSize: number; learningRate: number; weightDecay: number; labelSmoothing: number; warmupEpochs: number; augmentation: boolean };
  /** Sample ids (paths relative to the cohort folder) of each set. */
  split: { train: string[]; internal: string[]; external: string[] };
  localization: LocalizationCase[];
  galleryPatientIds: string[];
  /** Where the trained bundle is saved (verified bundle folder). */
  bundleDir: string;
}

/** Progress of a model job. */
export type ModelJobEvent = { type: 'training'; event: TrainingEvent } | { type: 'phase'; phase: 'evaluate' | 'gradcam'; done: number; total: number };

/** The classifier's slice predictions as a scored set (positive class = second class). */
export function scoredSetOf(result: EvaluationResult): ScoredSet {
  const { predictions } = result;
  return {
    sampleIds: predictions.map((prediction) => prediction.sampleId),
    patientIds: predictions.map((prediction) => prediction.patientId),
    yTrue: predictions.map((prediction) => prediction.label),
    yScore: predictions.map((prediction) => prediction.probabilities[1]!),
  };
}

function pick(samples: readonly SliceSample[], ids: readonly string[], set: string): SliceSample[] {
  const byId = new Map(samples.map((sample) => [sample.id, sample]));
  return ids.map((id) => {
    const sample = byId.get(id);
    if (sample === undefined) throw new Error(`model job: ${set} sample '${id}' is not in the cohort manifest`);
    return sample;
  });
}

/**
 * Trains one backbone on the training split, evaluates it on the internal and external sets, computes Grad-CAM on
 * each external patient's lesion slice (pointing game, energy in mask, gallery images) and saves the bundle. Runs the
 * same in the main thread and in a worker.
 */
export async function runModelJob(job: ModelJob, onEvent: (event: ModelJobEvent) => void = () => undefined): Promise<ModelRunResult> {
  const samples = await datasetFromManifest(job.cohortDir, { slices: { mode: 'central', count: job.slicesPerPatient }, classes: job.classes });
  const train = pick(samples, job.split.train, 'train');
  const internal = pick(samples, job.split.internal, 'internal');
  const external = pick(samples, job.split.external, 'external');
  const classifier = await SpineClassifier.create({
    backbone: job.backbone,
    classes: job.classes,
    inputSize: job.inputSize,
    inChannels: 1,
    seed: job.seed,
    // Letterbox keeps the whole field of view (no centre crop), so a lesion near the edge stays in the input and
    // the Grad-CAM lines up with the slice.
    preprocessing: { fit: 'letterbox' },
  });
  try {
    const trainStarted = performance.now();
    const batchesPerEpoch = Math.ceil(train.length / job.training.batchSize);
    // The trainer counts epochs from 0; the report from 1.
    const history = await classifier.fit(train, {
      validation: internal,
      epochs: job.training.epochs,
      batchSize: job.training.batchSize,
      optimizer: 'adamw',
      learningRate: job.training.learningRate,
      weightDecay: job.training.weightDecay,
      labelSmoothing: job.training.labelSmoothing,
      schedule: { kind: 'cosine', warmupSteps: job.training.warmupEpochs * batchesPerEpoch },
      classWeights: 'balanced',
      // false: no augmentation; undefined: the classifier's default pipeline.
      ...(job.training.augmentation ? {} : { augmentation: false as const }),
      seed: job.seed,
      onProgress: (event) => onEvent({ type: 'training', event }),
    });
    const trainSeconds = (performance.now() - trainStarted) / 1000;
    const evaluateStarted = performance.now();
    onEvent({ type: 'phase', phase: 'evaluate', done: 0, total: 2 });
    const internalResult = await classifier.evaluate(internal, { name: job.displayName });
    onEvent({ type: 'phase', phase: 'evaluate', done: 1, total: 2 });
    const externalResult = await classifier.evaluate(external, { name: job.displayName });
    onEvent({ type: 'phase', phase: 'evaluate', done: 2, total: 2 });
    const evaluateSeconds = (performance.now() - evaluateStarted) / 1000;
    const gradcamStarted = performance.now();
    const localization = await localize(classifier, job, (done) => onEvent({ type: 'phase', phase: 'gradcam', done, total: job.localization.length }));
    const gradcamSeconds = (performance.now() - gradcamStarted) / 1000;
    await saveClassifier(classifier, job.bundleDir);
    const parameters = [...classifier.backbone.variables.values()].reduce((sum, variable) => sum + (variable.trainable ? variable.size : 0), 0);
    return {
      backbone: job.backbone,
      displayName: job.displayName,
      parameters,
      training: {
        epochs: history.epochs.length,
        bestEpoch: history.bestEpoch + 1,
        seconds: trainSeconds,
        history: history.epochs.map((epoch) => ({
          epoch: epoch.epoch + 1,
          trainLoss: finiteOrNull(epoch.trainLoss),
          validationLoss: finiteOrNull(epoch.validation?.loss),
          validationAuc: finiteOrNull(epoch.validation?.auc),
        })),
      },
      internal: scoredSetOf(internalResult),
      external: scoredSetOf(externalResult),
      localization: localization.summary,
      gallery: localization.gallery,
      timings: { trainSeconds, evaluateSeconds, gradcamSeconds },
    };
  } finally {
    classifier.dispose();
  }
}

// JSON has no Infinity or NaN: a saturated model's validation loss is infinite.
function finiteOrNull(value: number | null | undefined): number | null {
  return value === null || value === undefined || !Number.isFinite(value) ? null : value;
}

async function readSlice(cohortDir: string, item: LocalizationCase): Promise<{ image: ImageArray; mask: Uint8Array }> {
  const image = await decodeImage(parseDicom(new Uint8Array(await readFile(join(cohortDir, item.file)))));
  const png = decode(await readFile(join(cohortDir, item.mask)));
  if (png.width !== image.width || png.height !== image.height || png.channels !== 1) {
    throw new Error(`model job: mask '${item.mask}' is ${png.width}x${png.height}x${png.channels}, the slice is ${image.width}x${image.height}x1`);
  }
  return { image, mask: Uint8Array.from(png.data as ArrayLike<number>) };
}

async function localize(
  classifier: SpineClassifier,
  job: ModelJob,
  onCase: (done: number) => void,
): Promise<{ summary: ModelRunResult['localization']; gallery: GalleryEntry[] }> {
  let hits = 0;
  let energy = 0;
  let energyCases = 0;
  let scored = 0;
  let camSize: [number, number] | null = null;
  const gallery: GalleryEntry[] = [];
  for (const [index, item] of job.localization.entries()) {
    const { image, mask } = await readSlice(job.cohortDir, item);
    const prediction = await classifier.predict([image], { gradcam: true });
    const slice = prediction.slices[0]!;
    const cam = slice.cam!;
    // The model saw the letterboxed slice: compare the CAM with the mask in that same frame.
    const inputMask = letterbox({ data: Float32Array.from(mask, (value) => (value > 0 ? 1 : 0)), height: image.height, width: image.width, channels: 1 }, { size: job.inputSize, method: 'nearest' });
    const camMap: CamMap = { height: cam.height, width: cam.width, cam: cam.cam };
    camSize = [cam.height, cam.width];
    if (inputMask.data.some((value) => value > 0)) {
      const hit = pointingGame(camMap, inputMask).hit;
      // A CAM that is zero everywhere has no energy to place: it counts as a miss and is left out of the energy mean.
      const energyValue = energyInsideMask(camMap, inputMask);
      const inside = Number.isFinite(energyValue) ? energyValue : null;
      hits += hit ? 1 : 0;
      if (inside !== null) {
        energy += inside;
        energyCases += 1;
      }
      scored += 1;
      if (job.galleryPatientIds.includes(item.patientId)) {
        const probability = slice.probabilities[1]!;
        const heatmap: CamMap = { height: cam.heatmapSize[0], width: cam.heatmapSize[1], cam: cam.heatmap };
        gallery.push({
          patientId: item.patientId,
          site: item.site,
          truth: job.classes[item.truth],
          predicted: slice.label,
          probability,
          sliceIndex: item.sliceIndex,
          pointingHit: hit,
          energyInMask: inside,
          ...renderGalleryImages({ image, mask, cam: heatmap }),
        });
      }
    }
    onCase(index + 1);
  }
  return {
    summary: { cases: scored, pointingGame: scored === 0 ? null : hits / scored, energyInMask: energyCases === 0 ? null : energy / energyCases, method: 'gradcam', camSize },
    gallery,
  };
}
