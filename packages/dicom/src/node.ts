/**
 * @packageDocumentation
 * Node-only helpers of `@spinedx/dicom` (file system access).
 */
export { readDicomBytes } from './read-dicom-bytes';
export type { DicomFolderFailure, ReadDicomFolderOptions } from './read-dicom-folder';
export { readDicomFolder } from './read-dicom-folder';
