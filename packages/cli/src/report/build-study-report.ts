import { InvalidArgumentError } from '@spinedx/core';
import { compareModels, renderConfusionMatrixSvg, renderRocSvg, type PatientAggregation } from '@spinedx/metrics';
import { compareReaders, type ReaderCalls } from '../readers/reader-comparison';
import type { ReaderProfile } from '../readers/reader-model';
import type { GalleryImages } from './gallery-images';
import { evaluateScoredSet, patientScores, type ScoredSet } from './scored-set';
import { validateStudyReport, type Evaluation, type GalleryCase, type ModelPairComparison, type ModelResult, type StudyReport } from './study-report-schema';

/** A Grad-CAM gallery case before its images are written: figures and the two PNGs. */
export type GalleryEntry = Omit<GalleryCase, 'original' | 'overlay'> & GalleryImages;

/** Everything one trained model produced in the study. */
export interface ModelRunResult {
  backbone: string;
  displayName: string;
  parameters: number;
  training: ModelResult['training'];
  internal: ScoredSet;
  external: ScoredSet;
  localization: ModelResult['localization'];
  gallery: GalleryEntry[];
  timings: { trainSeconds: number; evaluateSeconds: number; gradcamSeconds: number };
}

/** Readers' patient-level calls on the external set. */
export interface ReadersInput {
  source: 'simulated' | 'csv';
  description: string;
  patientIds: string[];
  /** 1 = positive class. */
  truth: number[];
  readers: (ReaderCalls & { profile?: Pick<ReaderProfile, 'sensitivity' | 'specificity' | 'difficultyPenalty'> })[];
}

/** Input of {@link buildStudyReport}. */
export interface StudyReportInput {
  title?: string;
  generatedAt?: string;
  config: StudyReport['config'];
  environment: StudyReport['environment'];
  phases: Record<string, number>;
  totalSeconds: number;
  /** `[negative, positive]` class names, e.g. `['STB', 'SM']`. */
  classes: readonly [string, string];
  models: readonly ModelRunResult[];
  readers: ReadersInput;
  /** The cohort's example montage (PNG), shown with the study design. */
  montagePng?: Uint8Array;
}

/** The report object and every file it refers to, keyed by path relative to the report folder. */
export interface StudyReportBundle {
  report: StudyReport;
  assets: Map<string, string | Uint8Array>;
}

/** The banner every rendering of the report carries. */
export const SYNTHETIC_DISCLAIMER =
  'These results come from a synthetic (phantom) cohort and a small compute budget. They say nothing about clinical performance and must not be compared with the published study.';

/**
 * Assembles the study report from the models' scores: image- and patient-level figures on the internal and
 * external sets, pairwise DeLong and McNemar tests, the readers' figures, kappa and McNemar model vs reader, ROC
 * and confusion-matrix SVGs and the Grad-CAM gallery PNGs. The result is validated against the report schema.
 */
export function buildStudyReport(input: StudyReportInput): StudyReportBundle {
  if (input.models.length === 0) throw new InvalidArgumentError('buildStudyReport: expected at least one model, received none', { code: 'EMPTY_INPUT' });
  const { threshold, patientAggregation } = input.config;
  const assets = new Map<string, string | Uint8Array>();
  const figures: Record<string, string> = {};
  const addFigure = (name: string, path: string, content: string | Uint8Array): string => {
    assets.set(path, content);
    figures[name] = path;
    return path;
  };
  const models: ModelResult[] = input.models.map((run) => {
    const internal = evaluateScoredSet(run.internal, { name: run.displayName, threshold, aggregation: patientAggregation });
    const external = evaluateScoredSet(run.external, { name: run.displayName, threshold, aggregation: patientAggregation });
    for (const [set, evaluation] of [['internal', internal], ['external', external]] as const) {
      const svg = renderConfusionMatrixSvg(evaluation.confusionMatrix, { labels: [...input.classes], title: `${run.displayName}, ${set} (slices)`, cellSize: 80 });
      addFigure(`confusion-${run.backbone}-${set}`, `figures/confusion-${run.backbone}-${set}.svg`, svg);
    }
    const gallery = run.gallery.map(({ originalPng, overlayPng, ...entry }): GalleryCase => {
      const stem = `figures/gallery/${run.backbone}/${safeName(entry.patientId)}-${entry.sliceIndex}`;
      return {
        ...entry,
        original: addFigure(`gallery-${run.backbone}-${entry.patientId}-original`, `${stem}-original.png`, originalPng),
        overlay: addFigure(`gallery-${run.backbone}-${entry.patientId}-overlay`, `${stem}-overlay.png`, overlayPng),
      };
    });
    return { backbone: run.backbone, displayName: run.displayName, parameters: run.parameters, training: run.training, internal, external, localization: run.localization, gallery };
  });
  for (const [set, level, title] of [
    ['internal', 'image', 'Internal validation (slices)'],
    ['external', 'image', 'External test (slices)'],
    ['external', 'patient', 'External test (patients)'],
  ] as const) {
    const series = models.map((model) => rocSeries(model.displayName, level === 'image' ? model[set] : model[set].patientLevel));
    if (series.some((item) => item.roc !== null)) addFigure(`roc-${set}-${level}`, `figures/roc-${set}-${level}.svg`, renderRocSvg(series, { title }));
  }
  if (input.montagePng !== undefined) addFigure('cohort-montage', 'figures/cohort-montage.png', input.montagePng);
  const comparisons = pairwiseComparisons(input.models, threshold, patientAggregation);
  const readers = readersSection(input, threshold, patientAggregation);
  const report = validateStudyReport({
    schemaVersion: 1,
    title: input.title ?? 'Spinal tuberculosis vs metastasis on sagittal T2 MR: synthetic reproduction',
    synthetic: true,
    disclaimer: SYNTHETIC_DISCLAIMER,
    generatedAt: input.generatedAt ?? new Date().toISOString(),
    config: input.config,
    environment: input.environment,
    timings: {
      totalSeconds: input.totalSeconds,
      phases: input.phases,
      models: Object.fromEntries(input.models.map((run) => [run.backbone, run.timings])),
    },
    models,
    comparisons,
    readers,
    figures,
  });
  return { report, assets };
}

function rocSeries(name: string, evaluation: Evaluation | Evaluation['patientLevel']) {
  const auc = evaluation.auc === null ? null : { auc: evaluation.auc, variance: NaN, lower: evaluation.aucCi?.[0] ?? NaN, upper: evaluation.aucCi?.[1] ?? NaN };
  return { name, roc: evaluation.roc === null ? null : { ...evaluation.roc, thresholds: [] }, auc };
}

function pairwiseComparisons(models: readonly ModelRunResult[], threshold: number, aggregation: PatientAggregation): ModelPairComparison[] {
  if (models.length < 2) return [];
  const comparisons: ModelPairComparison[] = [];
  for (const set of ['internal', 'external'] as const) {
    const reference = models[0]![set];
    for (const model of models) {
      if (model[set].sampleIds.join('\n') !== reference.sampleIds.join('\n')) {
        throw new InvalidArgumentError(`buildStudyReport: ${model.backbone} was scored on other ${set} samples than ${models[0]!.backbone}`, { code: 'SAMPLE_MISMATCH' });
      }
    }
    for (const level of ['image', 'patient'] as const) {
      const scored = models.map((model) => (level === 'image' ? model[set] : patientScores(model[set], aggregation)));
      const yTrue = scored[0]!.yTrue;
      if (!(yTrue.includes(0) && yTrue.includes(1))) continue;
      const scores = Object.fromEntries(models.map((model, index) => [model.displayName, scored[index]!.yScore]));
      for (const pair of compareModels(yTrue, scores, { threshold })) {
        comparisons.push({
          set,
          level,
          modelA: pair.modelA,
          modelB: pair.modelB,
          aucA: pair.delong.aucA,
          aucB: pair.delong.aucB,
          delongZ: Number.isFinite(pair.delong.z) ? pair.delong.z : null,
          delongP: Number.isFinite(pair.delong.pValue) ? pair.delong.pValue : null,
          mcnemarStatistic: pair.mcnemar.statistic,
          mcnemarP: pair.mcnemar.pValue,
        });
      }
    }
  }
  return comparisons;
}

function readersSection(input: StudyReportInput, threshold: number, aggregation: PatientAggregation): StudyReport['readers'] {
  const { readers } = input;
  const modelScores = input.models.map((run) => {
    const patients = patientScores(run.external, aggregation);
    const byPatient = new Map(patients.patientIds.map((id, index) => [id, patients.yScore[index]!]));
    const scores = readers.patientIds.map((id) => {
      const score = byPatient.get(id);
      if (score === undefined) throw new InvalidArgumentError(`buildStudyReport: reader case '${id}' has no external prediction from ${run.backbone}`, { code: 'SAMPLE_MISMATCH' });
      return score;
    });
    return { name: run.displayName, scores, threshold };
  });
  const comparison = compareReaders({ caseIds: readers.patientIds, truth: readers.truth, readers: readers.readers, models: modelScores });
  return {
    source: readers.source,
    set: 'external',
    level: 'patient',
    cases: comparison.cases,
    description: readers.description,
    readers: comparison.readers.map((figures, index) => {
      const profile = readers.readers[index]!.profile;
      return profile === undefined ? figures : { ...figures, profile: { ...profile } };
    }),
    agreement: comparison.agreement.map((row) => ({ ...row, kappa: Number.isFinite(row.kappa) ? row.kappa : null })),
    modelVsReader: comparison.modelVsReader,
  };
}

function safeName(text: string): string {
  return text.replace(/[^A-Za-z0-9._-]/g, '_');
}
