import { readDicomFolder } from '@spinedx/dicom/node';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SMALL_SITES } from './__fixtures__/small-sites';
import { generateCohort } from './cohort-plan';
import type { CohortManifest } from './manifest';
import { writeCohort } from './write-cohort';

const root = mkdtempSync(join(tmpdir(), 'phantom-cohort-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function digest(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (path: string): void => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[relative(folder, full)] = createHash('sha256').update(readFileSync(full)).digest('hex');
    }
  };
  walk(folder);
  return files;
}

const sites = SMALL_SITES.map((site) => ({ ...site, patients: 1 }));
const cohort = generateCohort({ seed: 7, sites, slicesPerSeries: 3 });
const progress: [number, number][] = [];
const manifest = await writeCohort(cohort, join(root, 'first'), { onProgress: (done, total) => progress.push([done, total]) });

describe('writeCohort', () => {
  it('should write one folder per patient with its series, masks and both manifests', () => {
    const files = Object.keys(digest(join(root, 'first'))).sort();
    const expected = cohort.patients.flatMap((patient) => ['IM0001', 'IM0002', 'IM0003'].flatMap((name) => [`${patient.id}/${name}.dcm`, `${patient.id}/masks/${name}.png`]));
    expect([files, progress]).toEqual([
      [...expected, 'manifest.csv', 'manifest.json'].sort(),
      [[1, 4], [2, 4], [3, 4], [4, 4]],
    ]);
  });

  it('should describe every patient in manifest.json and manifest.csv', () => {
    const json = JSON.parse(readFileSync(join(root, 'first', 'manifest.json'), 'utf8')) as CohortManifest;
    const csv = readFileSync(join(root, 'first', 'manifest.csv'), 'utf8').trim().split('\n');
    const header = csv[0]!.split(',');
    const rows = csv.slice(1).map((line) => Object.fromEntries(line.split(',').map((value, index) => [header[index], value])));
    expect([
      json.patients.map((patient) => [patient.id, patient.site, patient.role, patient.label, patient.lesionLevels]),
      rows.map((row) => [row.patient_id, row.site, row.role, row.label, row.lesion_levels]),
      json.seed,
      json,
    ]).toEqual([
      cohort.patients.map((patient) => [patient.id, patient.site, patient.role, patient.label, patient.lesionLevels]),
      cohort.patients.map((patient) => [patient.id, patient.site, patient.role, patient.label, patient.lesionLevels.join(';')]),
      7,
      manifest,
    ]);
  });

  it('should write the same bytes for the same seed and different ones for another seed', async () => {
    await writeCohort(generateCohort({ seed: 7, sites, slicesPerSeries: 3 }), join(root, 'again'));
    await writeCohort(generateCohort({ seed: 8, sites, slicesPerSeries: 3 }), join(root, 'other'));
    const first = digest(join(root, 'first'));
    const again = digest(join(root, 'again'));
    const other = digest(join(root, 'other'));
    const sharedNames = Object.keys(first).filter((name) => name.endsWith('.dcm') && other[name] !== undefined);
    expect([again, sharedNames.length > 0, sharedNames.filter((name) => other[name] === first[name])]).toEqual([first, true, []]);
  });

  it('should read back as one sorted sagittal series per patient with readDicomFolder', async () => {
    const { series, failures } = await readDicomFolder(join(root, 'first'));
    const byPatient = series.map((entry) => [entry.images[0]!.patientId, entry.plane, entry.seriesDescription, entry.images.map((image) => image.instanceNumber)]);
    expect([failures.filter((failure) => failure.path.endsWith('.dcm')), byPatient.sort()]).toEqual([
      [],
      cohort.patients.map((patient) => [patient.id, 'sagittal', 'T2 SAG', [1, 2, 3]]).sort(),
    ]);
  });

  it('should flag non-empty masks exactly on the slices that carry lesion pixels', () => {
    const mismatches = manifest.patients.flatMap((patient) =>
      patient.slices.filter((slice) => (slice.lesionPixels > 0) !== readFileSync(join(root, 'first', slice.mask)).length > 0 || slice.lesionPixels < 0),
    );
    const middleEmpty = manifest.patients.filter((patient) => patient.slices[1]!.lesionPixels === 0).map((patient) => patient.id);
    expect([mismatches, middleEmpty]).toEqual([[], []]);
  });
});
