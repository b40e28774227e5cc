import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { classifyPlane, decodeImage, isLikelyT2, parseDicom, sliceNormal, type ImagePlane } from '@spinedx/dicom';
import { readDicomBytes } from '@spinedx/dicom/node';
import { selectSlices, type SliceSelection } from '@spinedx/transforms';
import { DEFAULT_CLASS_NAMES } from '../class-names';
import { DatasetError } from '../dataset/dataset-error';
import type { SliceSample } from '../dataset/slice-sample';

/** Options of {@link datasetFromFolder}. */
export interface FolderDatasetOptions {
  /** Which slices of each patient's chosen series become samples. Default: the middle one. */
  slices?: SliceSelection;
  classes?: readonly string[];
  /** Unreadable (non-DICOM, corrupt) files: skip them with a warning (default) or fail. */
  onUnreadable?: 'skip' | 'fail';
  /** Receives warnings (default: console.warn). */
  warn?: (message: string) => void;
}

/** A folder dataset and what was left out. */
export interface FolderDatasetResult {
  samples: SliceSample[];
  /** Files that could not be read, with the reason. */
  skipped: { path: string; reason: string }[];
}

interface SliceEntry {
  path: string;
  patientId: string;
  seriesInstanceUid: string;
  plane: ImagePlane;
  likelyT2: boolean;
  order: number;
}

async function listFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true }).catch((error: unknown) => {
    throw new DatasetError(`datasetFromFolder: cannot read folder '${folder}'`, 'EMPTY_DATASET', { cause: error });
  });
  return entries
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.') && !/\.(png|json|csv|txt|md)$/i.test(entry.name))
    .map((entry) => join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name))
    .sort();
}

/** Parses a labels CSV with a header naming `patient_id` and `label` (a class name or index), optionally `site`. */
export function parseLabelsCsv(text: string, classes: readonly string[]): Map<string, { label: number; site?: string }> {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = (lines.shift() ?? '').split(',').map((cell) => cell.trim().toLowerCase());
  const patientColumn = header.findIndex((cell) => cell === 'patient_id' || cell === 'patientid' || cell === 'patient');
  const labelColumn = header.indexOf('label');
  const siteColumn = header.indexOf('site');
  if (patientColumn < 0 || labelColumn < 0) throw new DatasetError(`labels CSV: header must name 'patient_id' and 'label', received '${header.join(',')}'`, 'INVALID_LABELS');
  const labels = new Map<string, { label: number; site?: string }>();
  lines.forEach((line, index) => {
    const cells = line.split(',').map((cell) => cell.trim());
    const raw = cells[labelColumn] ?? '';
    const label = classes.includes(raw) ? classes.indexOf(raw) : /^\d+$/.test(raw) ? Number(raw) : -1;
    if (label < 0 || label >= classes.length) throw new DatasetError(`labels CSV line ${index + 2}: label '${raw}' is not one of [${classes.join(', ')}] or their indices`, 'INVALID_LABELS');
    const patient = cells[patientColumn] ?? '';
    if (labels.has(patient)) throw new DatasetError(`labels CSV line ${index + 2}: patient '${patient}' is listed twice`, 'INVALID_LABELS');
    labels.set(patient, { label, ...(siteColumn >= 0 && cells[siteColumn] ? { site: cells[siteColumn] } : {}) });
  });
  return labels;
}

/**
 * Builds a dataset from a folder of DICOM files and a labels CSV. Headers are read once (pixels are decoded lazily
 * when a sample loads); each patient's sagittal T2 series is chosen (the sagittal series most likely T2, then the one
 * with most slices), slices are ordered along the slice normal, and `slices` picks the samples. Every labelled
 * patient must have images and every patient with images must be labelled: a mismatch throws, listing them.
 */
export async function datasetFromFolder(folder: string, labelsCsvPath: string, options: FolderDatasetOptions = {}): Promise<FolderDatasetResult> {
  const classes = options.classes ?? DEFAULT_CLASS_NAMES;
  const labels = parseLabelsCsv(await readFile(labelsCsvPath, 'utf8').catch((error: unknown) => {
    throw new DatasetError(`datasetFromFolder: cannot read labels CSV '${labelsCsvPath}'`, 'INVALID_LABELS', { cause: error });
  }), classes);
  const skipped: FolderDatasetResult['skipped'] = [];
  const entries: SliceEntry[] = [];
  for (const path of await listFiles(folder)) {
    try {
      const image = parseDicom(await readDicomBytes(path));
      const orientation = image.imageOrientationPatient;
      const position = image.imagePositionPatient;
      const normal = orientation ? sliceNormal(orientation) : undefined;
      entries.push({
        path,
        patientId: image.patientId ?? '',
        seriesInstanceUid: image.seriesInstanceUID ?? path,
        plane: orientation ? classifyPlane(orientation) : 'oblique',
        likelyT2: isLikelyT2(image),
        order: normal && position ? normal[0] * position[0] + normal[1] * position[1] + normal[2] * position[2] : (image.instanceNumber ?? 0),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (options.onUnreadable === 'fail') throw new DatasetError(`datasetFromFolder: cannot read '${path}': ${reason}`, 'UNREADABLE_SAMPLE', { cause: error });
      skipped.push({ path, reason });
    }
  }
  if (skipped.length > 0) {
    (options.warn ?? console.warn)(`datasetFromFolder: skipped ${skipped.length} unreadable file(s): ${skipped.map((entry) => relative(folder, entry.path)).join(', ')}`);
  }
  const byPatient = new Map<string, Map<string, SliceEntry[]>>();
  for (const entry of entries) {
    const series = byPatient.get(entry.patientId) ?? new Map<string, SliceEntry[]>();
    series.set(entry.seriesInstanceUid, [...(series.get(entry.seriesInstanceUid) ?? []), entry]);
    byPatient.set(entry.patientId, series);
  }
  const unlabelled = [...byPatient.keys()].filter((patient) => !labels.has(patient));
  const withoutImages = [...labels.keys()].filter((patient) => !byPatient.has(patient));
  if (unlabelled.length > 0 || withoutImages.length > 0) {
    throw new DatasetError(
      `datasetFromFolder: labels do not match the images: ${unlabelled.length} patient(s) with images but no label [${unlabelled.slice(0, 10).join(', ')}], ${withoutImages.length} labelled patient(s) without images [${withoutImages.slice(0, 10).join(', ')}]`,
      'LABELS_MISMATCH',
    );
  }
  const samples: SliceSample[] = [];
  for (const [patientId, seriesMap] of byPatient) {
    const chosen = [...seriesMap.values()].sort((a, b) => score(b) - score(a) || b.length - a.length)[0]!;
    chosen.sort((a, b) => a.order - b.order);
    const { label, site } = labels.get(patientId)!;
    for (const entry of selectSlices(chosen, options.slices ?? { mode: 'middle' })) {
      samples.push({
        id: relative(folder, entry.path),
        patientId,
        ...(site !== undefined ? { site } : {}),
        label,
        load: async () => decodeImage(parseDicom(await readDicomBytes(entry.path))),
      });
    }
  }
  return { samples, skipped };
}

function score(series: readonly SliceEntry[]): number {
  const first = series[0]!;
  return (first.plane === 'sagittal' ? 2 : 0) + (first.likelyT2 ? 1 : 0);
}

/** A dataset from a folder written by `writeCohort` of @spinedx/phantom (its manifest.json carries labels and sites). */
export async function datasetFromManifest(folder: string, options: Omit<FolderDatasetOptions, 'onUnreadable'> = {}): Promise<SliceSample[]> {
  const classes = options.classes ?? DEFAULT_CLASS_NAMES;
  let manifest: { patients: { id: string; site: string; label: string; slices: { file: string }[] }[] };
  try {
    manifest = JSON.parse(await readFile(join(folder, 'manifest.json'), 'utf8'));
  } catch (error) {
    throw new DatasetError(`datasetFromManifest: cannot read '${join(folder, 'manifest.json')}'`, 'EMPTY_DATASET', { cause: error });
  }
  const samples: SliceSample[] = [];
  for (const patient of manifest.patients) {
    const label = classes.indexOf(patient.label);
    if (label < 0) throw new DatasetError(`datasetFromManifest: diagnosis '${patient.label}' of '${patient.id}' is not one of [${classes.join(', ')}]`, 'INVALID_LABELS');
    for (const slice of selectSlices(patient.slices, options.slices ?? { mode: 'middle' })) {
      const path = join(folder, slice.file);
      samples.push({ id: slice.file, patientId: patient.id, site: patient.site, label, load: async () => decodeImage(parseDicom(await readDicomBytes(path))) });
    }
  }
  return samples;
}
