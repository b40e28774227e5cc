import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CohortPlan } from './cohort-plan';
import { createManifest, createManifestPatient, manifestToCsv, type CohortManifest, type ManifestPatient } from './manifest';
import { renderMontage, type MontageOptions } from './montage';
import { renderPatientDicom, transferSyntaxUid } from './render-patient-dicom';

/** Options of {@link writeCohort}. */
export interface WriteCohortOptions {
  /** Called after each patient with the number written so far and the total. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Writes a planned cohort to `outDir`: one folder per patient (`<id>/IM0001.dcm`…, `<id>/masks/IM0001.png`…),
 * `manifest.json` and `manifest.csv`. Patients are rendered one at a time, so memory stays at one series.
 * The same plan gives the same bytes.
 */
export async function writeCohort(cohort: CohortPlan, outDir: string, options: WriteCohortOptions = {}): Promise<CohortManifest> {
  await mkdir(outDir, { recursive: true });
  const entries: ManifestPatient[] = [];
  for (const plan of cohort.patients) {
    const patient = await renderPatientDicom(plan);
    const folder = plan.id;
    await mkdir(join(outDir, folder, 'masks'), { recursive: true });
    for (const file of [...patient.files, ...patient.masks]) await writeFile(join(outDir, folder, file.name), file.bytes);
    entries.push(createManifestPatient(patient, folder, transferSyntaxUid(plan.scanner.transferSyntax)));
    options.onProgress?.(entries.length, cohort.patients.length);
  }
  const manifest = createManifest(cohort, entries);
  await writeFile(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(outDir, 'manifest.csv'), manifestToCsv(manifest));
  return manifest;
}

/** Renders {@link renderMontage} and writes the PNG to `path`; returns the montage layout. */
export async function writeMontage(cohort: CohortPlan, path: string, options: MontageOptions = {}): Promise<ReturnType<typeof renderMontage>> {
  const montage = renderMontage(cohort, options);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, montage.png);
  return montage;
}
