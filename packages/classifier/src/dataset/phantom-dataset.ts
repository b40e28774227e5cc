import type { CohortPlan, PatientPlan } from '@spinedx/phantom';
import { renderPatient } from '@spinedx/phantom';
import { selectSlices, type SliceSelection } from '@spinedx/transforms';
import { DEFAULT_CLASS_NAMES } from '../class-names';
import { DatasetError } from './dataset-error';
import type { SliceSample } from './slice-sample';

/** Options of {@link datasetFromPhantom}. */
export interface PhantomDatasetOptions {
  /** Which slices of each series become samples. Default: the middle one. */
  slices?: SliceSelection;
  /** Keep only these patients (e.g. one role or some sites). Default: all. */
  filter?: (patient: PatientPlan) => boolean;
  /** Class names; a patient's label is the index of its diagnosis. Default ['STB', 'SM']. */
  classes?: readonly string[];
}

/**
 * Samples from a synthetic cohort plan, rendered on demand: nothing is drawn until a sample's `load()` runs, so a
 * cohort of any size streams through the classifier's slice cache.
 */
export function datasetFromPhantom(plan: CohortPlan, options: PhantomDatasetOptions = {}): SliceSample[] {
  const classes = options.classes ?? DEFAULT_CLASS_NAMES;
  const selection = options.slices ?? { mode: 'middle' };
  const samples: SliceSample[] = [];
  for (const patient of plan.patients) {
    if (options.filter && !options.filter(patient)) continue;
    const label = classes.indexOf(patient.label);
    if (label < 0) throw new DatasetError(`datasetFromPhantom: diagnosis '${patient.label}' of '${patient.id}' is not one of [${classes.join(', ')}]`, 'INVALID_LABELS');
    const indices = selectSlices(Array.from({ length: patient.slices }, (_, index) => index), selection);
    for (const sliceIndex of indices) {
      samples.push({
        id: `${patient.id}/${sliceIndex}`,
        patientId: patient.id,
        site: patient.site,
        label,
        load: async () => renderPatient(patient, { sliceIndices: [sliceIndex] }).slices[0]!.image,
      });
    }
  }
  return samples;
}
