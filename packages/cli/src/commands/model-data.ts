import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SliceSample } from '@spinedx/classifier';
import { datasetFromFolder, datasetFromManifest, loadClassifier } from '@spinedx/classifier/node';
import type { SpineClassifier } from '@spinedx/classifier';
import { SpineDxError } from '@spinedx/core';
import { CliError } from '../io/cli-error';
import type { CliIo } from '../io/cli-io';
import { assertExists } from '../io/input-files';

/**
 * The samples of a data folder: a phantom cohort (its manifest.json carries labels and sites) when no labels CSV is
 * given, else a folder of DICOM files with `patient_id,label[,site]` labels. Unreadable files are skipped with a
 * warning; labels that do not match the images stop the command.
 */
export async function loadSamples(io: CliIo, command: string, folder: string, labels: string | undefined, slices: number, classes: readonly string[]): Promise<SliceSample[]> {
  await assertExists(command, folder, 'folder');
  const selection = { mode: 'central' as const, count: slices };
  if (labels === undefined) {
    if (!existsSync(join(folder, 'manifest.json'))) {
      throw new CliError(`${command}: '${folder}' has no manifest.json; pass --labels <csv> (patient_id,label[,site]) for a folder of DICOM files`, 'INVALID_OPTION');
    }
    return datasetFromManifest(folder, { slices: selection, classes });
  }
  await assertExists(command, labels, 'file');
  const result = await datasetFromFolder(folder, labels, { slices: selection, classes, warn: (message) => io.stderr(`${io.colors.yellow('warning')}: ${message}\n`) });
  if (result.samples.length === 0) throw new CliError(`${command}: no readable DICOM slice in '${folder}'`, 'NOT_DICOM');
  return result.samples;
}

/** Loads and verifies a model bundle folder; a missing folder or a bundle that does not verify is a one-line error. */
export async function loadBundle(command: string, folder: string): Promise<SpineClassifier> {
  await assertExists(command, folder, 'folder');
  try {
    return await loadClassifier(folder);
  } catch (error) {
    if (SpineDxError.isInstance(error) && error.name === 'BundleError') {
      throw new CliError(`${command}: model bundle '${folder}' does not verify: ${error.message}`, 'INVALID_BUNDLE', { cause: error });
    }
    throw error;
  }
}
