import { InvalidArgumentError } from '@spinedx/core';
import { z } from 'zod';

const count = z.number().int().min(0);
/** A proportion or AUC; null where it is undefined (no positive, no negative…), since JSON has no NaN. */
const rate = z.number().min(0).max(1).nullable();
const interval = z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]).nullable();
const confusionMatrix = z.tuple([z.tuple([count, count]), z.tuple([count, count])]);
const roc = z.object({ fpr: z.array(z.number()), tpr: z.array(z.number()) }).nullable();

/** Figures of one model (or reader) on one set at one level: `confusionMatrix` is `[[TN, FP], [FN, TP]]`. */
export const setFiguresSchema = z.object({
  samples: count,
  positives: count,
  negatives: count,
  threshold: z.number(),
  accuracy: rate,
  accuracyCi: interval,
  auc: rate,
  aucCi: interval,
  f1: rate,
  sensitivity: rate,
  sensitivityCi: interval,
  specificity: rate,
  specificityCi: interval,
  confusionMatrix,
});

/** Image-level figures with the ROC curve, and the same at patient level (mean of slice probabilities). */
export const evaluationSchema = setFiguresSchema.extend({
  roc,
  patientLevel: setFiguresSchema.extend({ roc }),
});

const galleryCaseSchema = z.object({
  patientId: z.string(),
  site: z.string(),
  truth: z.string(),
  predicted: z.string(),
  /** Probability of the positive class for this slice. */
  probability: z.number().min(0).max(1),
  sliceIndex: count,
  /** Paths relative to the report folder. */
  original: z.string(),
  overlay: z.string(),
  pointingHit: z.boolean(),
  /** Null when the CAM is zero everywhere (nothing to distribute). */
  energyInMask: z.number().min(0).max(1).nullable(),
});

const modelSchema = z.object({
  backbone: z.string(),
  displayName: z.string(),
  parameters: count,
  training: z.object({
    epochs: count,
    bestEpoch: count,
    seconds: z.number().min(0),
    /** Losses are null when infinite (a saturated model's log(0) on a misclassified image). */
    history: z.array(z.object({ epoch: count, trainLoss: z.number().nullable(), validationLoss: z.number().nullable(), validationAuc: z.number().nullable() })),
  }),
  internal: evaluationSchema,
  external: evaluationSchema,
  /** `camSize`: the CAM's grid (the backbone's last feature map), which bounds how precisely it can localise. */
  localization: z.object({ cases: count, pointingGame: rate, energyInMask: rate, method: z.string(), camSize: z.tuple([count, count]).nullable() }),
  gallery: z.array(galleryCaseSchema),
});

const comparisonSchema = z.object({
  set: z.enum(['internal', 'external']),
  level: z.enum(['image', 'patient']),
  modelA: z.string(),
  modelB: z.string(),
  aucA: z.number(),
  aucB: z.number(),
  /** Null when undefined: a model with constant scores has no DeLong variance. */
  delongZ: z.number().nullable(),
  delongP: z.number().min(0).max(1).nullable(),
  mcnemarStatistic: z.number(),
  mcnemarP: z.number().min(0).max(1),
});

const readerSchema = setFiguresSchema.extend({
  name: z.string(),
  experience: z.string().optional(),
  /** The simulation's parameters, when simulated. */
  profile: z.object({ sensitivity: z.number(), specificity: z.number(), difficultyPenalty: z.number() }).optional(),
});

const readersSchema = z.object({
  source: z.enum(['simulated', 'csv']),
  set: z.literal('external'),
  level: z.literal('patient'),
  cases: count,
  /** How the readers were simulated or where their answers came from. */
  description: z.string(),
  readers: z.array(readerSchema),
  agreement: z.array(z.object({ readerA: z.string(), readerB: z.string(), kappa: z.number().nullable() })),
  modelVsReader: z.array(
    z.object({ model: z.string(), reader: z.string(), modelOnlyCorrect: count, readerOnlyCorrect: count, statistic: z.number(), pValue: z.number().min(0).max(1) }),
  ),
});

/** The schema of `report.json`, written by `spinedx demo`. */
export const studyReportSchema = z.object({
  schemaVersion: z.literal(1),
  title: z.string(),
  synthetic: z.literal(true),
  disclaimer: z.string().min(20),
  generatedAt: z.string(),
  config: z.object({
    profile: z.string(),
    seed: z.number().int(),
    backbones: z.array(z.string()).min(1),
    cohort: z.object({
      patients: count,
      slicesPerSeries: count,
      slicesPerPatient: count,
      sites: z.array(z.object({ id: z.string(), role: z.enum(['development', 'external']), patients: count })),
    }),
    split: z.object({ internalFraction: z.number().min(0).max(1), trainPatients: count, internalPatients: count, externalPatients: count }),
    model: z.object({ inputSize: count, inChannels: z.union([z.literal(1), z.literal(3)]) }).catchall(z.unknown()),
    training: z.record(z.string(), z.unknown()),
    threshold: z.number(),
    patientAggregation: z.enum(['mean', 'max']),
    gradcam: z.object({ method: z.string(), galleryCases: count }),
  }),
  environment: z.object({
    backend: z.string(),
    backendSource: z.string(),
    node: z.string(),
    platform: z.string(),
    cpus: count,
    workers: count,
    packages: z.record(z.string(), z.string()),
  }),
  timings: z.object({
    totalSeconds: z.number().min(0),
    phases: z.record(z.string(), z.number().min(0)),
    models: z.record(z.string(), z.object({ trainSeconds: z.number().min(0), evaluateSeconds: z.number().min(0), gradcamSeconds: z.number().min(0) })),
  }),
  models: z.array(modelSchema).min(1),
  comparisons: z.array(comparisonSchema),
  readers: readersSchema,
  figures: z.record(z.string(), z.string()),
});

/** `report.json` of `spinedx demo`. */
export type StudyReport = z.infer<typeof studyReportSchema>;
/** One model's entry of {@link StudyReport}. */
export type ModelResult = StudyReport['models'][number];
/** Figures of one set and level. */
export type SetFigures = z.infer<typeof setFiguresSchema>;
/** Image- and patient-level figures of one set. */
export type Evaluation = z.infer<typeof evaluationSchema>;
/** One Grad-CAM gallery case. */
export type GalleryCase = z.infer<typeof galleryCaseSchema>;
/** One pairwise model comparison. */
export type ModelPairComparison = z.infer<typeof comparisonSchema>;
/** The readers section. */
export type ReadersSection = z.infer<typeof readersSchema>;

/**
 * Parses `value` as a {@link StudyReport}; throws an `InvalidArgumentError` (code `INVALID_REPORT`) naming the first
 * fields that do not match.
 */
export function validateStudyReport(value: unknown): StudyReport {
  const result = studyReportSchema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  const more = result.error.issues.length > 5 ? ` and ${result.error.issues.length - 5} more` : '';
  throw new InvalidArgumentError(`validateStudyReport: the report does not match its schema: ${issues.join('; ')}${more}`, { code: 'INVALID_REPORT' });
}
