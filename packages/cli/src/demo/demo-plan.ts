import type { CohortManifest, ManifestPatient } from '@spinedx/phantom';
import { groupShuffleSplit, siteHeldOutSplit } from '@spinedx/classifier';
import { selectSlices } from '@spinedx/transforms';
import type { LocalizationCase } from './model-job';

/** The study's split of slice ids (paths relative to the cohort folder), patient-grouped. */
export interface DemoSplit {
  train: string[];
  internal: string[];
  external: string[];
}

interface PlannedSample {
  id: string;
  patientId: string;
  site: string;
  label: number;
}

/** The samples the classifier's `datasetFromManifest` builds (central slices), without reading any pixel. */
export function manifestSamples(manifest: CohortManifest, slicesPerPatient: number, classes: readonly [string, string]): PlannedSample[] {
  return manifest.patients.flatMap((patient) =>
    selectSlices(patient.slices, { mode: 'central', count: Math.min(slicesPerPatient, patient.slices.length) }).map((slice) => ({
      id: slice.file,
      patientId: patient.id,
      site: patient.site,
      label: classes.indexOf(patient.label),
    })),
  );
}

/**
 * The paper's design: external sites are held out entirely; the development sites' patients are split into training
 * and internal validation (stratified by class, grouped by patient, seeded).
 */
export function splitStudy(manifest: CohortManifest, options: { slicesPerPatient: number; classes: readonly [string, string]; internalFraction: number; seed: number }): DemoSplit {
  const samples = manifestSamples(manifest, options.slicesPerPatient, options.classes);
  const externalSites = manifest.sites.filter((site) => site.role === 'external').map((site) => site.id);
  const bySite = siteHeldOutSplit(samples, { testSites: externalSites });
  const development = bySite.train.map((index) => samples[index]!);
  const internalSplit = groupShuffleSplit(development, { validationFraction: options.internalFraction, seed: options.seed });
  return {
    train: internalSplit.train.map((index) => development[index]!.id),
    internal: internalSplit.test.map((index) => development[index]!.id),
    external: bySite.test.map((index) => samples[index]!.id),
  };
}

/** Each external patient's slice with the most lesion pixels (over the whole series), for Grad-CAM localisation. */
export function localizationCases(manifest: CohortManifest, classes: readonly [string, string]): LocalizationCase[] {
  return manifest.patients
    .filter((patient) => patient.role === 'external')
    .map((patient) => {
      let best = 0;
      patient.slices.forEach((slice, index) => {
        if (slice.lesionPixels > patient.slices[best]!.lesionPixels) best = index;
      });
      const slice = patient.slices[best]!;
      return { patientId: patient.id, site: patient.site, truth: classes.indexOf(patient.label) === 1 ? 1 : 0, file: slice.file, mask: slice.mask, sliceIndex: best } as LocalizationCase;
    });
}

/** Gallery patients: up to `count` external patients with a visible lesion, half of each class, by id. */
export function galleryPatients(cases: readonly LocalizationCase[], manifest: CohortManifest, count: number): string[] {
  const lesion = new Map(manifest.patients.map((patient) => [patient.id, Math.max(...patient.slices.map((slice) => slice.lesionPixels))]));
  const eligible = [...cases].filter((item) => (lesion.get(item.patientId) ?? 0) > 0).sort((a, b) => a.patientId.localeCompare(b.patientId));
  const negatives = eligible.filter((item) => item.truth === 0);
  const positives = eligible.filter((item) => item.truth === 1);
  const chosen: string[] = [];
  for (let index = 0; chosen.length < count && (index < negatives.length || index < positives.length); index++) {
    for (const group of [negatives, positives]) if (group[index] && chosen.length < count) chosen.push(group[index]!.patientId);
  }
  return chosen;
}

/** Total lesion pixels of a patient's series: the size term of a reader's difficulty. */
export function patientLesionPixels(patient: ManifestPatient): number {
  return patient.slices.reduce((sum, slice) => sum + slice.lesionPixels, 0);
}
