import type { ImageArray } from '@spinedx/core';

/** One training or evaluation example: a 2-D slice of a patient's series, loaded on demand. */
export interface SliceSample {
  /** Unique id of the slice, e.g. `<patientId>/<slice index>`. */
  id: string;
  /** Patient the slice belongs to; splits never put one patient on two sides. */
  patientId: string;
  /** Institution, for site-held-out splits and per-site figures. */
  site?: string;
  /** Class index into the classifier's class names. */
  label: number;
  /** Decodes the slice (real units, any size); called lazily and cached by {@link SliceCache}. */
  load(): Promise<ImageArray>;
}

/** Groups samples by patient id, keeping first-seen order. */
export function groupByPatient<T extends Pick<SliceSample, 'patientId'>>(samples: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const sample of samples) {
    const group = groups.get(sample.patientId);
    if (group) group.push(sample);
    else groups.set(sample.patientId, [sample]);
  }
  return groups;
}
