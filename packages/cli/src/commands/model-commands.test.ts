import { readFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs-core';
import { SpineClassifier } from '@spinedx/classifier';
import { saveClassifier } from '@spinedx/classifier/node';
import { parseDicom, secondaryCaptureImageStorageUid } from '@spinedx/dicom';
import { generateCohort, renderPatientDicom } from '@spinedx/phantom';
import { decode } from 'fast-png';
import { beforeAll, describe, expect, it } from 'vitest';
import { createMemoryIo } from '../io/cli-io';
import { EXIT_CODES } from '../io/exit-codes';
import { runCli } from '../run-cli';

let folder = '';
let bundle = '';
let series = '';
let patientId = '';

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'spinedx-model-'));
  const plan = generateCohort({ patients: 4, slicesPerSeries: 2, seed: 5 });
  const patient = await renderPatientDicom(plan.patients[0]!);
  patientId = plan.patients[0]!.id;
  series = join(folder, 'series');
  await mkdir(series, { recursive: true });
  for (const file of patient.files) await writeFile(join(series, file.name), file.bytes);
  await tf.setBackend('cpu');
  const classifier = await SpineClassifier.create({ backbone: 'resnet34', inputSize: 32, seed: 3, preprocessing: { fit: 'letterbox' } });
  bundle = join(folder, 'bundle');
  await saveClassifier(classifier, bundle);
  classifier.dispose();
});

const run = async (...args: string[]) => {
  const io = createMemoryIo();
  const code = await runCli(['node', 'spinedx', ...args, '--backend', 'cpu'], io);
  return { code, out: io.out, err: io.err };
};

describe('predict', () => {
  it('should classify a series and write the Grad-CAM overlay as PNG and DICOM Secondary Capture', async () => {
    const png = join(folder, 'out', 'cam.png');
    const dcm = join(folder, 'out', 'cam.dcm');
    const result = await run('predict', series, '--model', bundle, '--gradcam', png, '--dicom-sc', dcm, '--json');
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.out) as { slices: { probabilities: Record<string, number> }[]; patient: { label: string; probabilities: Record<string, number> } };
    expect(parsed.slices).toHaveLength(2);
    const mean = (parsed.slices[0]!.probabilities.SM! + parsed.slices[1]!.probabilities.SM!) / 2;
    expect(parsed.patient.probabilities.SM).toBeCloseTo(mean, 6);
    expect(parsed.patient.label).toBe(mean >= 0.5 ? 'SM' : 'STB');
    const image = decode(await readFile(png));
    expect([image.width, image.height, image.channels]).toEqual([320, 320, 4]);
    const capture = parseDicom(new Uint8Array(await readFile(dcm)));
    expect([capture.sopClassUID, capture.patientId, capture.rows, capture.samplesPerPixel]).toEqual([secondaryCaptureImageStorageUid, patientId, 320, 3]);
  });

  it('should fail with the bundle code when a weight file was modified', async () => {
    const tampered = join(folder, 'tampered');
    await mkdir(tampered, { recursive: true });
    for (const name of ['spinedx.json', 'weights.bin', 'SHA256SUMS']) {
      const bytes = new Uint8Array(await readFile(join(bundle, name)));
      if (name === 'weights.bin') bytes[100] = bytes[100]! ^ 0xff;
      await writeFile(join(tampered, name), bytes);
    }
    const result = await run('predict', series, '--model', tampered);
    expect(result.code).toBe(EXIT_CODES.invalidBundle);
    expect(result.err.trim().split('\n')).toHaveLength(1);
    expect(result.err).toContain("'weights.bin' fails its checksum");
  });

  it('should fail with the not-found code for a missing bundle', async () => {
    expect((await run('predict', series, '--model', join(folder, 'nothing'))).code).toBe(EXIT_CODES.notFound);
  });
});

describe('evaluate', () => {
  it('should fail with the data code when the labels CSV does not match the images', async () => {
    const labels = join(folder, 'labels.csv');
    await writeFile(labels, 'patient_id,label\nSOMEONE-ELSE,SM\n');
    const result = await run('evaluate', '--model', bundle, '--data', series, '--labels', labels);
    expect(result.code).toBe(EXIT_CODES.invalidData);
    expect(result.err).toContain(`with images but no label [${patientId}]`);
  });

  it('should evaluate a labelled DICOM folder and write patient predictions', async () => {
    const labels = join(folder, 'labels-ok.csv');
    const predictions = join(folder, 'predictions.csv');
    await writeFile(labels, `patient_id,label\n${patientId},SM\n`);
    const result = await run('evaluate', '--model', bundle, '--data', series, '--labels', labels, '--slices', '2', '--predictions', predictions, '--json');
    expect(result.code).toBe(0);
    const figures = JSON.parse(result.out) as { imageLevel: { samples: number; auc: number | null } };
    expect(figures.imageLevel).toMatchObject({ samples: 2, auc: null });
    expect((await readFile(predictions, 'utf8')).split('\n')[1]).toMatch(new RegExp(`^${patientId},0\\.\\d+`));
  });
});
