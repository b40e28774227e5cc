import { InvalidArgumentError } from '@spinedx/core';
import { checkNotEmpty, checkSameLength, toBinaryLabels, toFiniteScores, type NumericArray } from './input-checks';

/** How slice probabilities become one patient probability. */
export type PatientAggregation = 'mean' | 'max';

/** One row per patient, in order of first appearance. */
export interface PatientLevel {
  patientIds: (string | number)[];
  yTrue: number[];
  yScore: number[];
  /** Slices (images) behind each patient row. */
  sliceCounts: number[];
}

/**
 * Aggregates image-level (slice) probabilities to patient level: the mean or the max of a patient's slice
 * probabilities, so image-level and patient-level figures come from the same predictions. Every slice of a
 * patient must carry the same label (the diagnosis is per patient); a conflict throws.
 */
export function aggregateByPatient(
  patientIds: ArrayLike<string | number>,
  yTrue: NumericArray,
  yScore: NumericArray,
  aggregation: PatientAggregation = 'mean',
): PatientLevel {
  const fn = 'aggregateByPatient';
  if (aggregation !== 'mean' && aggregation !== 'max') {
    throw new InvalidArgumentError(`${fn}: expected aggregation 'mean' or 'max', received ${JSON.stringify(aggregation)}`, { code: 'INVALID_OPTION' });
  }
  checkSameLength(fn, ['patientIds', 'yTrue'], patientIds, yTrue);
  checkSameLength(fn, ['yTrue', 'yScore'], yTrue, yScore);
  checkNotEmpty(fn, 'patientIds', patientIds);
  const labels = toBinaryLabels(fn, 'yTrue', yTrue);
  const scores = toFiniteScores(fn, 'yScore', yScore);
  const rows = new Map<string | number, { label: number; total: number; maximum: number; count: number }>();
  for (let index = 0; index < labels.length; index++) {
    const id = patientIds[index]!;
    if (typeof id !== 'string' && typeof id !== 'number') {
      throw new InvalidArgumentError(`${fn}: expected string or number patient ids, received ${String(id)} at index ${index}`, { code: 'INVALID_LABEL' });
    }
    const row = rows.get(id);
    if (row === undefined) {
      rows.set(id, { label: labels[index]!, total: scores[index]!, maximum: scores[index]!, count: 1 });
      continue;
    }
    if (row.label !== labels[index]) {
      throw new InvalidArgumentError(`${fn}: expected one label per patient, received both 0 and 1 for patient ${JSON.stringify(id)}`, { code: 'LABEL_CONFLICT' });
    }
    row.total += scores[index]!;
    row.maximum = Math.max(row.maximum, scores[index]!);
    row.count += 1;
  }
  const result: PatientLevel = { patientIds: [], yTrue: [], yScore: [], sliceCounts: [] };
  for (const [id, row] of rows) {
    result.patientIds.push(id);
    result.yTrue.push(row.label);
    result.yScore.push(aggregation === 'mean' ? row.total / row.count : row.maximum);
    result.sliceCounts.push(row.count);
  }
  return result;
}
