import { generateCohort } from '@spinedx/phantom';
import { writeCohort } from '@spinedx/phantom/node';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetFromFolder, datasetFromManifest, parseLabelsCsv } from './folder-dataset';

// A small cohort written as real DICOM (four patients), read back as a dataset.
const work = mkdtempSync(join(tmpdir(), 'spinedx-folder-dataset-'));
const cohortDir = join(work, 'cohort');
let manifest: { patients: { id: string; label: string; site: string; slices: { file: string }[] }[] };
let labelsCsv: string;

beforeAll(async () => {
  const plan = generateCohort({ seed: 21, patients: 4 });
  await writeCohort(plan, cohortDir);
  manifest = JSON.parse(readFileSync(join(cohortDir, 'manifest.json'), 'utf8'));
  labelsCsv = join(work, 'labels.csv');
  writeFileSync(labelsCsv, `patient_id,label,site\n${manifest.patients.map((patient) => `${patient.id},${patient.label},${patient.site}`).join('\n')}\n`);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('datasetFromFolder', () => {
  it('should give the middle slice of each patient with the label and site of the CSV', async () => {
    const { samples, skipped } = await datasetFromFolder(cohortDir, labelsCsv, { warn: () => {} });
    expect(skipped).toEqual([]);
    expect(samples.map((sample) => sample.patientId).sort()).toEqual(manifest.patients.map((patient) => patient.id).sort());
    for (const sample of samples) {
      const patient = manifest.patients.find((entry) => entry.id === sample.patientId)!;
      expect([sample.label, sample.site]).toEqual([patient.label === 'STB' ? 0 : 1, patient.site]);
      // The middle of the series, ordered along the slice normal, is the middle file of the manifest's order.
      expect(sample.id).toBe(patient.slices[Math.floor((patient.slices.length - 1) / 2)]!.file);
    }
    const image = await samples[0]!.load();
    expect([image.channels, image.height > 100, image.spacing !== undefined]).toEqual([1, true, true]);
  });

  it('should skip an unreadable file with a warning naming it, or fail when asked', async () => {
    const broken = join(cohortDir, manifest.patients[0]!.id, 'broken.dcm');
    writeFileSync(broken, 'not a dicom file at all');
    const warnings: string[] = [];
    const { samples, skipped } = await datasetFromFolder(cohortDir, labelsCsv, { warn: (message) => warnings.push(message) });
    expect(samples).toHaveLength(4);
    expect(skipped.map((entry) => entry.path)).toEqual([broken]);
    expect(warnings.join('\n')).toContain('broken.dcm');
    await expect(datasetFromFolder(cohortDir, labelsCsv, { onUnreadable: 'fail' })).rejects.toMatchObject({ code: 'UNREADABLE_SAMPLE' });
    rmSync(broken);
  });

  it('should refuse labels that do not match the images, naming the patients', async () => {
    const mismatched = join(work, 'mismatched.csv');
    writeFileSync(mismatched, `patient_id,label\n${manifest.patients.slice(1).map((patient) => `${patient.id},${patient.label}`).join('\n')}\nGHOST-1,SM\n`);
    const error = (await datasetFromFolder(cohortDir, mismatched, { warn: () => {} }).then(
      () => new Error('no error'),
      (caught: unknown) => caught as Error,
    )) as Error & { code?: string };
    expect(error.code).toBe('LABELS_MISMATCH');
    expect(error.message).toContain(manifest.patients[0]!.id);
    expect(error.message).toContain('GHOST-1');
  });
});

describe('parseLabelsCsv', () => {
  it('should accept class names or indices and reject unknown labels and duplicates', () => {
    expect([...parseLabelsCsv('patient_id,label\na,STB\nb,1\n', ['STB', 'SM'])]).toEqual([['a', { label: 0 }], ['b', { label: 1 }]]);
    expect(() => parseLabelsCsv('patient_id,label\na,TB\n', ['STB', 'SM'])).toThrow(/line 2: label 'TB'/);
    expect(() => parseLabelsCsv('patient_id,label\na,SM\na,SM\n', ['STB', 'SM'])).toThrow(/listed twice/);
    expect(() => parseLabelsCsv('id,diagnosis\na,SM\n', ['STB', 'SM'])).toThrow(/header must name/);
  });
});

describe('datasetFromManifest', () => {
  it('should read labels and sites from the phantom manifest', async () => {
    const samples = await datasetFromManifest(cohortDir, { slices: { mode: 'central', count: 3 } });
    expect(samples).toHaveLength(12);
    expect(new Set(samples.map((sample) => sample.site))).toEqual(new Set(manifest.patients.map((patient) => patient.site)));
  });
});
