import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { readFile } from 'node:fs/promises';
import { generatePhantom } from '../commands/phantom-command';
import type { CliIo } from '../io/cli-io';
import { createProgressGroup, type Progress, type ProgressGroup } from '../io/progress';
import { packageVersions } from '../package-versions';
import { buildStudyReport } from '../report/build-study-report';
import type { StudyReport } from '../report/study-report-schema';
import { writeStudyReport, type WrittenReport } from '../report/write-study-report';
import { startBackend, type BackendChoice } from '../runtime/start-backend';
import { galleryPatients, localizationCases, splitStudy } from './demo-plan';
import { csvReaders, simulatedReaders } from './demo-readers';
import { inputSizeFor, learningRateFor, PAPER_BACKBONES, type DemoProfile } from './demo-profiles';
import type { ModelJob, ModelJobEvent } from './model-job';
import { runModelJobs } from './run-model-jobs';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  out: string;
  profile: DemoProfile;
  backend: BackendChoice;
  seed: number;
  /** Readers' answers as CSV (`[name=]path`); default: two simulated readers. */
  readers?: string[];
}

/** What {@link runDemo} produced. */
export interface DemoResult {
  report: StudyReport;
  written: WrittenReport;
}

const CLASSES: [string, string] = ['STB', 'SM'];
// Heaviest first, so two workers finish close together.
const TRAINING_COST: Record<string, number> = { resnet101: 4, mvitv2_tiny: 3, efficientnet_b3: 2, resnet34: 1 };

/**
 * The study end to end: phantom cohort as DICOM → site-held-out, patient-grouped split → train every backbone →
 * internal and external evaluation (slices and patients) → readers → Grad-CAM localisation and gallery → report
 * (index.html, report.json, report.md, figures) under `out`.
 */
export async function runDemo(io: CliIo, options: DemoOptions): Promise<DemoResult> {
  const started = performance.now();
  const phases: Record<string, number> = {};
  const { profile } = options;
  const out = resolve(options.out);
  const phase = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const begin = performance.now();
    try {
      return await work();
    } finally {
      phases[name] = (performance.now() - begin) / 1000;
    }
  };
  io.stderr(`${io.colors.bold(`spinedx demo, profile '${profile.name}'`)}: ${profile.purpose}\n`);
  io.stderr(
    `  ${profile.patients} patients, ${profile.slicesPerPatient} of ${profile.slicesPerSeries} slices each, input ${profile.inputSize} px${Object.keys(profile.inputSizeOverrides).length > 0 ? ` (${Object.entries(profile.inputSizeOverrides).map(([name, size]) => `${name} ${size} px`).join(', ')})` : ''}, ${profile.epochs} epoch(s)${profile.augmentation ? '' : ' without augmentation'}, batch ${profile.batchSize}, AdamW lr ${profile.learningRate}${Object.keys(profile.learningRateOverrides).length > 0 ? ` (${Object.entries(profile.learningRateOverrides).map(([name, rate]) => `${name} ${rate}`).join(', ')})` : ''}, ${profile.workers} worker thread(s), seed ${options.seed}\n`,
  );
  const backend = await phase('backend', () => startBackend(options.backend));
  io.stderr(`  backend ${backend.name} (${backend.source})\n`);
  const cohortDir = join(out, 'cohort');
  const { manifest } = await phase('cohort', () => generatePhantom(io, { out: cohortDir, patients: profile.patients, seed: options.seed, slices: profile.slicesPerSeries }));
  const readers = await phase('readers', () => (options.readers && options.readers.length > 0 ? csvReaders(manifest, CLASSES, options.readers) : Promise.resolve(simulatedReaders(manifest, CLASSES, options.seed))));
  const split = splitStudy(manifest, { slicesPerPatient: profile.slicesPerPatient, classes: CLASSES, internalFraction: profile.internalFraction, seed: options.seed });
  const cases = localizationCases(manifest, CLASSES);
  const gallery = galleryPatients(cases, manifest, profile.galleryCases);
  const jobs: ModelJob[] = profile.backbones.map((backbone) => ({
    backbone,
    displayName: PAPER_BACKBONES[backbone] ?? backbone,
    inputSize: inputSizeFor(profile, backbone),
    seed: options.seed,
    cohortDir,
    slicesPerPatient: profile.slicesPerPatient,
    classes: CLASSES,
    training: { epochs: profile.epochs, batchSize: profile.batchSize, learningRate: learningRateFor(profile, backbone), weightDecay: profile.weightDecay, labelSmoothing: 0.1, warmupEpochs: profile.epochs > 2 ? 1 : 0, augmentation: profile.augmentation },
    split,
    localization: cases,
    galleryPatientIds: gallery,
    bundleDir: join(out, 'models', backbone),
  }));
  const order = jobs.map((_, index) => index).sort((a, b) => (TRAINING_COST[jobs[b]!.backbone] ?? 0) - (TRAINING_COST[jobs[a]!.backbone] ?? 0));
  const group = createProgressGroup(io);
  const bars = new Map<number, JobBar>();
  const results = await phase('models', async () => {
    try {
      const ordered = await runModelJobs(order.map((index) => jobs[index]!), {
        workers: profile.workers,
        backend: options.backend === 'auto' ? (backend.name as BackendChoice) : options.backend,
        onEvent: (position, event) => showEvent(group, bars, jobs[order[position]!]!, position, event),
      });
      return order.map((_, index) => ordered[order.indexOf(index)]!);
    } finally {
      group.stop();
    }
  });
  const montage = await readFile(join(cohortDir, 'montage.png'));
  const bundle = buildStudyReport({
    config: {
      profile: profile.name,
      seed: options.seed,
      backbones: profile.backbones,
      cohort: { patients: manifest.patients.length, slicesPerSeries: profile.slicesPerSeries, slicesPerPatient: profile.slicesPerPatient, sites: manifest.sites.map((site) => ({ id: site.id, role: site.role, patients: manifest.patients.filter((patient) => patient.site === site.id).length })) },
      split: { internalFraction: profile.internalFraction, trainPatients: countPatients(split.train), internalPatients: countPatients(split.internal), externalPatients: countPatients(split.external) },
      model: { inputSize: profile.inputSize, inChannels: 1, classes: CLASSES, inputSizeOverrides: profile.inputSizeOverrides, preprocessing: 'percentile window 0.5–99.5, letterbox, normalise' },
      training: { epochs: profile.epochs, batchSize: profile.batchSize, optimizer: 'adamw', learningRate: profile.learningRate, learningRateOverrides: profile.learningRateOverrides, weightDecay: profile.weightDecay, schedule: 'cosine', labelSmoothing: 0.1, classWeights: 'balanced', augmentation: profile.augmentation ? 'classifier default (affine, flip, gamma, bias field, noise…)' : 'none' },
      threshold: 0.5,
      patientAggregation: 'mean',
      gradcam: { method: 'gradcam', galleryCases: gallery.length },
    },
    environment: {
      backend: backend.name,
      backendSource: backend.source,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpus: cpus().length,
      workers: profile.workers,
      packages: packageVersions(),
    },
    phases,
    totalSeconds: (performance.now() - started) / 1000,
    classes: CLASSES,
    models: results,
    readers,
    montagePng: new Uint8Array(montage),
  });
  const written = await writeStudyReport(bundle, out);
  return { report: bundle.report, written };
}

function countPatients(ids: readonly string[]): number {
  return new Set(ids.map((id) => id.split('/')[0])).size;
}

interface JobBar {
  progress: Progress;
  done: number;
}

function showEvent(group: ProgressGroup, bars: Map<number, JobBar>, job: ModelJob, position: number, event: ModelJobEvent): void {
  if (event.type === 'training' && event.event.type === 'start') {
    const total = event.event.epochs * event.event.batchesPerEpoch;
    bars.set(position, { progress: group.add(`train ${job.displayName}`, total, 'batches'), done: event.event.resumedFromEpoch * event.event.batchesPerEpoch });
    return;
  }
  const bar = bars.get(position);
  if (bar === undefined) return;
  if (event.type === 'phase') {
    bar.progress.update(bar.done, event.phase === 'evaluate' ? 'evaluating' : `Grad-CAM ${event.done}/${event.total}`);
    return;
  }
  const training = event.event;
  // The trainer counts epochs and batches from 0.
  if (training.type === 'batch') {
    bar.done = training.epoch * training.batches + training.batch + 1;
    bar.progress.update(bar.done, `epoch ${training.epoch + 1} loss ${training.loss.toFixed(3)}`);
  } else if (training.type === 'epoch') {
    const auc = training.validation?.auc;
    bar.progress.update(bar.done, `epoch ${training.epoch + 1}/${training.epochs} loss ${training.trainLoss.toFixed(3)}${auc === undefined || auc === null ? '' : ` val AUC ${auc.toFixed(3)}`}`);
  }
}
