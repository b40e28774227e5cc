import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCohort, renderPatientDicom, type PatientPlan } from '@spinedx/phantom';

/** A phantom patient's series written as files. */
export interface PhantomSeries {
  plan: PatientPlan;
  paths: string[];
  bytes: Uint8Array[];
}

/**
 * Writes one patient per requested site (first patient of each site in a small seeded cohort) as DICOM files
 * under `directory/<patient id>/`, so a test can open them through the page's file input.
 */
export async function writePhantomSeries(directory: string, sites: readonly string[], slices: number, seed = 11): Promise<PhantomSeries[]> {
  const cohort = generateCohort({ seed, patients: 12, slicesPerSeries: slices });
  const written: PhantomSeries[] = [];
  for (const site of sites) {
    const plan = cohort.patients.find((patient) => patient.site === site);
    if (!plan) throw new Error(`writePhantomSeries: the cohort has no patient from ${site}`);
    const rendered = await renderPatientDicom(plan);
    const folder = join(directory, plan.id);
    mkdirSync(folder, { recursive: true });
    const paths = rendered.files.map((file) => {
      const path = join(folder, file.name);
      writeFileSync(path, file.bytes);
      return path;
    });
    written.push({ plan, paths, bytes: rendered.files.map((file) => file.bytes) });
  }
  return written;
}

/**
 * A copy of a DICOM file whose transfer syntax says JPEG 2000 Part 2 (1.2.840.10008.1.2.4.92), which no
 * decoder here reads; it must come from a JPEG 2000 lossless file (…4.90, the same length, so no length changes).
 */
export function withUnsupportedTransferSyntax(bytes: Uint8Array): Uint8Array {
  const from = new TextEncoder().encode('1.2.840.10008.1.2.4.90');
  const to = new TextEncoder().encode('1.2.840.10008.1.2.4.92');
  const copy = bytes.slice();
  for (let offset = 132; offset < Math.min(copy.length, 1024) - from.length; offset++) {
    if (from.every((value, index) => copy[offset + index] === value)) {
      copy.set(to, offset);
      return copy;
    }
  }
  throw new Error('withUnsupportedTransferSyntax: no JPEG 2000 lossless transfer syntax UID in the file meta');
}
