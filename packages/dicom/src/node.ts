/**
 * @packageDocumentation
 * Node-only helpers of `@spinedx/dicom` (file system access).
 */
export { readDicomBytes } from './read-dicom-bytes';
