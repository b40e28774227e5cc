/**
 * @packageDocumentation
 * Node-only helpers of `@spinedx/classifier`: bundles and checkpoints in folders, datasets from DICOM folders and
 * phantom manifests.
 */
export { readFromDirectory as directoryReader, writeBundleDirectory } from './bundle/bundle-directory';
export { parseLabelsCsv } from './node/folder-dataset';
export { directoryCheckpoint, directoryWriter, loadClassifier, saveClassifier } from './node/bundle-io';
export { datasetFromFolder, datasetFromManifest } from './node/folder-dataset';
export type { FolderDatasetOptions, FolderDatasetResult } from './node/folder-dataset';
