import { DicomError } from './dicom-error';
import type { LookupTable } from './dicom-image';

/** The Modality LUT of an image (PS3.3 C.11.1): a LUT sequence item, or else rescale slope and intercept. */
export interface ModalityLutParameters {
  rescaleSlope: number;
  rescaleIntercept: number;
  modalityLutSequence?: LookupTable | undefined;
}

/**
 * Maps stored values to real-world values (PS3.3 C.11.1): through the Modality LUT Sequence when present
 * (values below/above the table clamp to its first/last entry), else `value * slope + intercept`.
 * Identity (slope 1, intercept 0, no table) just converts to float32. Returns a new Float32Array.
 */
export function applyModalityLut(data: ArrayLike<number>, parameters: ModalityLutParameters): Float32Array {
  const output = new Float32Array(data.length);
  const table = parameters.modalityLutSequence;
  if (table !== undefined) {
    const last = table.length - 1;
    for (let index = 0; index < data.length; index++) {
      const entry = Math.min(last, Math.max(0, Math.round(data[index]!) - table.firstValue));
      output[index] = table.data[entry]!;
    }
    return output;
  }
  const { rescaleSlope: slope, rescaleIntercept: intercept } = parameters;
  if (!Number.isFinite(slope) || !Number.isFinite(intercept)) {
    throw new DicomError(`applyModalityLut: expected finite rescale slope and intercept, received ${slope} and ${intercept}`, 'INVALID_ATTRIBUTE');
  }
  if (slope === 1 && intercept === 0) {
    output.set(data);
    return output;
  }
  for (let index = 0; index < data.length; index++) output[index] = data[index]! * slope + intercept;
  return output;
}
