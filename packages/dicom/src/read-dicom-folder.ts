import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DicomError } from './dicom-error';
import type { DicomImage } from './dicom-image';
import { parseDicom } from './parse-dicom';
import { readDicomBytes } from './read-dicom-bytes';
import { groupIntoSeries } from './series/group-into-series';
import type { DicomSeries, GroupIntoSeriesOptions } from './series/group-into-series';

/** Options of readDicomFolder. */
export interface ReadDicomFolderOptions extends GroupIntoSeriesOptions {
  /** Descend into sub-folders (default true). */
  recursive?: boolean;
}

/** A file readDicomFolder could not use, with the reason. */
export interface DicomFolderFailure {
  path: string;
  error: DicomError;
}

async function listFiles(folder: string, recursive: boolean): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    throw new DicomError(`readDicomFolder: expected a readable folder, received '${folder}'`, 'FILE_NOT_FOUND', { cause: error });
  }
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (recursive) files.push(...(await listFiles(path, true)));
    } else if (entry.isFile() && entry.name.toUpperCase() !== 'DICOMDIR') {
      files.push(path);
    }
  }
  return files;
}

/**
 * Reads every file under `folder` (recursively by default; a DICOMDIR index is not needed and is skipped),
 * parses each, and groups the images into sorted series. Files that are not readable DICOM images are listed
 * in `failures` with their DicomError, never silently dropped.
 */
export async function readDicomFolder(folder: string, options: ReadDicomFolderOptions = {}): Promise<{ series: DicomSeries[]; failures: DicomFolderFailure[] }> {
  const images: DicomImage[] = [];
  const failures: DicomFolderFailure[] = [];
  for (const path of await listFiles(folder, options.recursive ?? true)) {
    try {
      images.push(parseDicom(await readDicomBytes(path)));
    } catch (error) {
      failures.push({ path, error: error instanceof DicomError ? error : new DicomError(`readDicomFolder: cannot read '${path}'`, 'NOT_DICOM', { cause: error }) });
    }
  }
  return { series: groupIntoSeries(images, options), failures };
}
