/**
 * @packageDocumentation
 * DICOM Part 10 parsing, pixel decoding, LUTs, series and writing. No TensorFlow.js, no Node-only API here.
 */
export type { DicomErrorCode } from './dicom-error';
export { DicomError } from './dicom-error';
export { hasDicomPreamble } from './preamble';
