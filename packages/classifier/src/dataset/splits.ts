import { InvalidArgumentError } from '@spinedx/core';
import { shuffleInPlace } from './shuffle';
import type { SliceSample } from './slice-sample';

type Splittable = Pick<SliceSample, 'patientId' | 'label' | 'site'>;

/** One fold: indices into the sample array. No patient appears in both. */
export interface Split {
  train: number[];
  test: number[];
}

/** The label of each patient; a patient whose slices carry different labels is an error, never silently relabelled. */
function patientLabels(samples: readonly Splittable[]): Map<string, number> {
  const labels = new Map<string, number>();
  for (const sample of samples) {
    const known = labels.get(sample.patientId);
    if (known !== undefined && known !== sample.label) {
      throw new InvalidArgumentError(`splits: patient '${sample.patientId}' has slices labelled ${known} and ${sample.label}`, { code: 'INCONSISTENT_LABELS' });
    }
    labels.set(sample.patientId, sample.label);
  }
  return labels;
}

/**
 * Patient-grouped stratified k-fold (the idea of scikit-learn's StratifiedGroupKFold): patients of each class are
 * shuffled with `seed` and dealt round-robin to folds, so every fold has about the same class balance and each patient
 * sits in exactly one test fold.
 */
export function stratifiedGroupKFold(samples: readonly Splittable[], options: { folds: number; seed?: number }): Split[] {
  const { folds, seed = 0 } = options;
  if (!Number.isInteger(folds) || folds < 2) throw new InvalidArgumentError(`stratifiedGroupKFold: folds must be an integer >= 2, received ${folds}`);
  const labels = patientLabels(samples);
  if (labels.size < folds) throw new InvalidArgumentError(`stratifiedGroupKFold: ${labels.size} patients cannot fill ${folds} folds`, { code: 'TOO_FEW_GROUPS' });
  const foldOfPatient = new Map<string, number>();
  const byClass = new Map<number, string[]>();
  for (const [patient, label] of labels) byClass.set(label, [...(byClass.get(label) ?? []), patient]);
  let next = 0;
  for (const label of [...byClass.keys()].sort((a, b) => a - b)) {
    for (const patient of shuffleInPlace(byClass.get(label)!, seed + label * 7919)) {
      foldOfPatient.set(patient, next);
      next = (next + 1) % folds;
    }
  }
  return Array.from({ length: folds }, (_, fold) => {
    const split: Split = { train: [], test: [] };
    samples.forEach((sample, index) => (foldOfPatient.get(sample.patientId) === fold ? split.test : split.train).push(index));
    return split;
  });
}

/** Site-held-out split, as the paper: train on the development sites, test on the others. */
export function siteHeldOutSplit(samples: readonly Splittable[], options: { testSites: readonly string[] }): Split {
  const testSites = new Set(options.testSites);
  const split: Split = { train: [], test: [] };
  samples.forEach((sample, index) => {
    if (sample.site === undefined) throw new InvalidArgumentError(`siteHeldOutSplit: sample ${index} (patient '${sample.patientId}') has no site`, { code: 'MISSING_SITE' });
    (testSites.has(sample.site) ? split.test : split.train).push(index);
  });
  const sitesOfPatient = new Map<string, Set<string>>();
  for (const sample of samples) sitesOfPatient.set(sample.patientId, (sitesOfPatient.get(sample.patientId) ?? new Set()).add(sample.site!));
  for (const [patient, sites] of sitesOfPatient) {
    if (sites.size > 1) throw new InvalidArgumentError(`siteHeldOutSplit: patient '${patient}' appears at sites ${[...sites].join(', ')}`, { code: 'PATIENT_IN_TWO_SITES' });
  }
  return split;
}

/**
 * Patient-grouped stratified train/validation split of `fraction` of the patients (at least one per class when possible).
 */
export function groupShuffleSplit(samples: readonly Splittable[], options: { validationFraction: number; seed?: number }): Split {
  const { validationFraction, seed = 0 } = options;
  if (!(validationFraction > 0 && validationFraction < 1)) throw new InvalidArgumentError(`groupShuffleSplit: validationFraction must be in (0, 1), received ${validationFraction}`);
  const labels = patientLabels(samples);
  const validation = new Set<string>();
  const byClass = new Map<number, string[]>();
  for (const [patient, label] of labels) byClass.set(label, [...(byClass.get(label) ?? []), patient]);
  for (const [label, patients] of byClass) {
    const count = Math.max(patients.length > 1 ? 1 : 0, Math.round(patients.length * validationFraction));
    for (const patient of shuffleInPlace(patients, seed + label * 104729).slice(0, count)) validation.add(patient);
  }
  const split: Split = { train: [], test: [] };
  samples.forEach((sample, index) => (validation.has(sample.patientId) ? split.test : split.train).push(index));
  return split;
}

