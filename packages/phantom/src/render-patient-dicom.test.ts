import { decodeFrame, decodeImage, groupIntoSeries, parseDicom, TransferSyntax } from '@spinedx/dicom';
import { hasTool, pythonExecutable } from '@spinedx/test-utils';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from 'fast-png';
import { afterAll, describe, expect, it } from 'vitest';
import { SMALL_SITES } from './__fixtures__/small-sites';
import { generateCohort } from './cohort-plan';
import { renderPatientDicom } from './render-patient-dicom';

const cohort = generateCohort({ seed: 21, sites: SMALL_SITES, slicesPerSeries: 5 });
// Site D: RescaleSlope 2 and uncompressed, so Debian's pydicom (no JPEG-LS plugin) can read the pixels too.
const plan = cohort.patients.find((patient) => patient.site === 'site-d')!;
const patient = await renderPatientDicom(plan);
const folder = mkdtempSync(join(tmpdir(), 'phantom-dicom-'));
for (const file of patient.files) writeFileSync(join(folder, file.name), file.bytes);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('renderPatientDicom', () => {
  it('should write MR files whose geometry and sequence tags read back through @spinedx/dicom', () => {
    const image = parseDicom(patient.files[1]!.bytes);
    const slice = patient.rendered.slices[1]!;
    expect({
      modality: image.modality,
      description: image.seriesDescription,
      patientId: image.patientId,
      orientation: image.imageOrientationPatient,
      position: image.imagePositionPatient,
      spacing: image.pixelSpacing,
      thickness: image.sliceThickness,
      between: image.spacingBetweenSlices,
      echo: image.echoTime,
      repetition: image.repetitionTime,
      field: image.magneticFieldStrength,
      rescale: [image.rescaleSlope, image.rescaleIntercept],
      uids: [image.studyInstanceUID, image.seriesInstanceUID, image.frameOfReferenceUID, image.sopInstanceUID],
      instance: image.instanceNumber,
      size: [image.rows, image.columns],
    }).toEqual({
      modality: 'MR',
      description: 'T2 SAG',
      patientId: plan.id,
      orientation: [0, 1, 0, 0, 0, -1],
      position: slice.position.map((value) => expect.closeTo(value, 4)),
      spacing: plan.scanner.pixelSpacing.map((value) => expect.closeTo(value, 4)),
      thickness: plan.scanner.sliceThickness,
      between: expect.closeTo(plan.scanner.sliceThickness + plan.scanner.sliceGap, 4),
      echo: plan.scanner.echoTime,
      repetition: plan.scanner.repetitionTime,
      field: plan.scanner.fieldStrength,
      rescale: [plan.scanner.rescaleSlope, plan.scanner.rescaleIntercept],
      uids: [patient.studyInstanceUid, patient.seriesInstanceUid, patient.frameOfReferenceUid, patient.files[1]!.sopInstanceUid],
      instance: 2,
      size: plan.scanner.matrix,
    });
  });

  it.each([
    ['explicit VR little endian', TransferSyntax.ExplicitVRLittleEndian],
    ['RLE lossless', TransferSyntax.RLELossless],
    ['JPEG-LS lossless', TransferSyntax.JPEGLSLossless],
    ['JPEG 2000 lossless', TransferSyntax.JPEG2000Lossless],
  ])('should round-trip the stored and real pixel values through %s', async (_, transferSyntaxUID) => {
    const encoded = await renderPatientDicom(plan, { transferSyntaxUID });
    const image = parseDicom(encoded.files[2]!.bytes);
    const frame = await decodeFrame(image);
    const real = await decodeImage(image);
    const slice = encoded.rendered.slices[2]!;
    const storedMismatches = slice.stored.filter((value, index) => frame.data[index] !== value).length;
    const realMismatches = slice.image.data.filter((value, index) => Math.abs(real.data[index]! - value) > 1e-3).length;
    expect([image.transferSyntaxUID, storedMismatches, realMismatches]).toEqual([transferSyntaxUID, 0, 0]);
  });

  it('should give identical bytes for the same plan and decode masks to the rendered labels', async () => {
    const again = await renderPatientDicom(plan);
    const sameFiles = again.files.every((file, index) => Buffer.from(file.bytes).equals(Buffer.from(patient.files[index]!.bytes)));
    const mask = decode(patient.masks[2]!.bytes);
    expect([sameFiles, mask.width, mask.height, mask.channels, Buffer.from(mask.data as Uint8Array).equals(Buffer.from(patient.rendered.slices[2]!.mask))]).toEqual([
      true,
      plan.scanner.matrix[1],
      plan.scanner.matrix[0],
      1,
      true,
    ]);
  });

  it('should reassemble a shuffled series in slice order with groupIntoSeries', () => {
    const shuffled = [3, 0, 4, 2, 1].map((index) => parseDicom(patient.files[index]!.bytes));
    const [series, ...others] = groupIntoSeries(shuffled);
    expect([others.length, series!.plane, series!.sortedBy, series!.images.map((image) => image.instanceNumber)]).toEqual([0, 'sagittal', 'position', [1, 2, 3, 4, 5]]);
  });

  it.runIf(hasTool('python3:pydicom'))('should be read by pydicom with the same geometry and pixels', () => {
    const script = `
import json, sys, pydicom
dataset = pydicom.dcmread(sys.argv[1])
pixels = dataset.pixel_array
print(json.dumps({"orientation": [float(v) for v in dataset.ImageOrientationPatient], "position": [float(v) for v in dataset.ImagePositionPatient],
  "spacing": [float(v) for v in dataset.PixelSpacing], "thickness": float(dataset.SliceThickness), "te": float(dataset.EchoTime), "tr": float(dataset.RepetitionTime),
  "description": dataset.SeriesDescription, "sum": int(pixels.astype("int64").sum()), "shape": list(pixels.shape)}))`;
    const result = spawnSync(pythonExecutable(), ['-c', script, join(folder, patient.files[3]!.name)], { encoding: 'utf8' });
    const slice = patient.rendered.slices[3]!;
    expect(result.stderr).toBe('');
    const read = JSON.parse(result.stdout.trim()) as Record<string, unknown>;
    expect(read).toEqual({
      orientation: [0, 1, 0, 0, 0, -1],
      position: slice.position.map((value) => expect.closeTo(value, 4)),
      spacing: plan.scanner.pixelSpacing.map((value) => expect.closeTo(value, 4)),
      thickness: plan.scanner.sliceThickness,
      te: plan.scanner.echoTime,
      tr: plan.scanner.repetitionTime,
      description: 'T2 SAG',
      sum: slice.stored.reduce((sum, value) => sum + value, 0),
      shape: plan.scanner.matrix,
    });
  });

  it.runIf(hasTool('dcmdump'))('should be parsed by dcmtk dcmdump with the sagittal orientation and series description', () => {
    const result = spawnSync('dcmdump', ['+P', '0020,0037', '+P', '0008,103e', '+P', '0028,0030', join(folder, patient.files[0]!.name)], { encoding: 'utf8' });
    // dcmdump prints the +P search results in the order asked.
    const values = result.stdout.split('\n').filter(Boolean).map((line) => line.match(/\[(.*)\]/)?.[1]);
    expect([result.status, values]).toEqual([0, ['0\\1\\0\\0\\0\\-1', 'T2 SAG', plan.scanner.pixelSpacing.map((value) => String(+value.toFixed(6))).join('\\')]]);
  });
});
