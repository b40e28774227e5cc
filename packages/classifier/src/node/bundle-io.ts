import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readFromDirectory, writeBundleDirectory } from '../bundle/bundle-directory';
import { CHECKSUM_FILE } from '../bundle/checksums';
import { SpineClassifier, type BundleWriter } from '../spine-classifier';
import type { CheckpointStore } from '../training/checkpoint';

/** A bundle writer that replaces `directory` atomically. */
export function directoryWriter(directory: string): BundleWriter {
  return (files) => writeBundleDirectory(directory, files);
}

/** Saves a classifier as a bundle folder (atomic: a crash leaves the previous bundle intact). */
export function saveClassifier(classifier: SpineClassifier, directory: string): Promise<void> {
  return classifier.save(directoryWriter(directory));
}

/** Loads a bundle folder, verifying every file against SHA256SUMS. */
export function loadClassifier(directory: string, options: { cacheBytes?: number } = {}): Promise<SpineClassifier> {
  return SpineClassifier.load(readFromDirectory(directory), options);
}

/** Training checkpoints in `directory/latest`, replaced atomically after each epoch. */
export function directoryCheckpoint(directory: string): CheckpointStore {
  const latest = join(directory, 'latest');
  return {
    read: async () => (existsSync(join(latest, CHECKSUM_FILE)) ? readFromDirectory(latest) : undefined),
    write: (files) => writeBundleDirectory(latest, files),
  };
}
