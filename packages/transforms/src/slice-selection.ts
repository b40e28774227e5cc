import { InvalidArgumentError } from '@spinedx/core';

/**
 * Which slices of a sagittal series feed the model. Slices must be ordered by position across the patient
 * (e.g. sorted on ImagePositionPatient along the slice normal); the helpers only pick indices.
 *
 * Patient-level meaning:
 * - `middle`: one slice through the mid-sagittal plane, where the spinal canal and vertebral bodies are
 *   seen best; one prediction per patient, the usual single-slice protocol.
 * - `central`: the N slices around the middle; each gets a prediction and the patient's score is an
 *   aggregate (mean or max of probabilities). Metrics must be computed per patient, never per slice, or
 *   patients with more slices count more and correlated slices inflate the sample size.
 * - `all`: every slice, same aggregation rule; lateral slices show mostly paraspinal tissue and dilute the signal.
 * - `range`: slices `start..end` (inclusive, 0-based), for a range chosen by a reader or a localiser.
 */
export type SliceSelection =
  | { mode: 'middle' }
  | { mode: 'central'; count: number }
  | { mode: 'all' }
  | { mode: 'range'; start: number; end: number };

function assertSlices(caller: string, slices: readonly unknown[]): void {
  if (!Array.isArray(slices) || slices.length === 0) {
    throw new InvalidArgumentError(`${caller}: expected a non-empty array of slices, received ${Array.isArray(slices) ? 'an empty array' : typeof slices}`, {
      code: 'EMPTY',
    });
  }
}

/** The `count` slices centred on the middle (for an even surplus the extra slice falls after the middle). */
export function centralSlices<T>(slices: readonly T[], count: number): T[] {
  assertSlices('centralSlices', slices);
  if (!Number.isInteger(count) || count < 1 || count > slices.length) {
    throw new InvalidArgumentError(`centralSlices: count must be an integer in [1, ${slices.length}], received ${String(count)}`, { code: 'OUT_OF_RANGE' });
  }
  const start = Math.floor((slices.length - count) / 2);
  return slices.slice(start, start + count);
}

/** The middle slice: index `floor((n - 1) / 2)` (the lower of the two middles of an even series). */
export function middleSlice<T>(slices: readonly T[]): T {
  return centralSlices(slices, 1)[0]!;
}

/** Slices `start` to `end`, both inclusive and 0-based. */
export function sliceRange<T>(slices: readonly T[], start: number, end: number): T[] {
  assertSlices('sliceRange', slices);
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end >= slices.length) {
    throw new InvalidArgumentError(`sliceRange: expected integers 0 <= start <= end < ${slices.length}, received start ${String(start)}, end ${String(end)}`, {
      code: 'OUT_OF_RANGE',
    });
  }
  return slices.slice(start, end + 1);
}

/** Applies a {@link SliceSelection}; always returns an array (one element for `middle`). */
export function selectSlices<T>(slices: readonly T[], selection: SliceSelection): T[] {
  assertSlices('selectSlices', slices);
  switch (selection.mode) {
    case 'middle':
      return [middleSlice(slices)];
    case 'central':
      return centralSlices(slices, selection.count);
    case 'all':
      return [...slices];
    case 'range':
      return sliceRange(slices, selection.start, selection.end);
    default:
      throw new InvalidArgumentError(`selectSlices: mode must be 'middle', 'central', 'all' or 'range', received ${String((selection as { mode: unknown }).mode)}`);
  }
}
