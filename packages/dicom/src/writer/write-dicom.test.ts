import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasTool } from '@spinedx/test-utils';
import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../decode-frame';
import { DicomError } from '../dicom-error';
import { parseDicom } from '../parse-dicom';
import { TransferSyntax } from '../transfer-syntax';
import { writeDicom } from './write-dicom';
import { sampleMrDataset, sampleSecondaryCapture } from './test-datasets';

const directory = mkdtempSync(join(tmpdir(), 'spinedx-writer-'));
function saveFile(name: string, bytes: Uint8Array): string {
  const path = join(directory, name);
  writeFileSync(path, bytes);
  return path;
}
// Debian's python3-pydicom lives in /usr/bin/python3; a python3 earlier on PATH (pyenv) may lack it.
const pydicomPython = ['python3', '/usr/bin/python3'].find((python) => spawnSync(python, ['-c', 'import pydicom, numpy'], { stdio: 'ignore' }).status === 0);

function run(command: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const writtenSyntaxes = [
  TransferSyntax.ExplicitVRLittleEndian,
  TransferSyntax.ImplicitVRLittleEndian,
  TransferSyntax.DeflatedExplicitVRLittleEndian,
  TransferSyntax.RLELossless,
  TransferSyntax.JPEGLSLossless,
  TransferSyntax.JPEG2000Lossless,
  TransferSyntax.HTJ2KLossless,
];

describe('writeDicom', () => {
  it.each(writtenSyntaxes)('should write an MR slice in %s that parseDicom reads back identically', async (transferSyntaxUID) => {
    const { dataset, pixels } = sampleMrDataset(11);
    const image = parseDicom(await writeDicom(dataset, { transferSyntaxUID }));
    const frame = await decodeFrame(image, 0);
    expect({
      transferSyntaxUID: image.transferSyntaxUID,
      patientName: image.get('PatientName'),
      size: [image.rows, image.columns, image.bitsStored, image.pixelRepresentation],
      spacing: image.pixelSpacing,
      position: image.imagePositionPatient,
      orientation: image.imageOrientationPatient,
      times: [image.echoTime, image.repetitionTime],
      rescale: [image.rescaleSlope, image.rescaleIntercept],
      window: [image.windowCenter, image.windowWidth],
      pixelsEqual: frame.data instanceof Uint16Array && frame.data.every((value, index) => value === pixels[index]),
    }).toEqual({
      transferSyntaxUID,
      patientName: 'Doe^Jane',
      size: [24, 20, 12, 0],
      spacing: [0.5, 0.625],
      position: [-12.5, 100.25, 30],
      orientation: [0, 1, 0, 0, 0, -1],
      times: [102.5, 3500],
      rescale: [2, -10],
      window: [[600], [1200]],
      pixelsEqual: true,
    });
  });

  it.each([TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.RLELossless, TransferSyntax.JPEGLSLossless, TransferSyntax.JPEG2000Lossless])(
    'should round-trip an RGB secondary capture with its source reference in %s',
    async (transferSyntaxUID) => {
      const { dataset, rgb } = sampleSecondaryCapture(5);
      const image = parseDicom(await writeDicom(dataset, { transferSyntaxUID }));
      const frame = await decodeFrame(image);
      expect([image.photometricInterpretation, image.samplesPerPixel, Array.from(frame.data)]).toEqual(['RGB', 3, Array.from(rgb)]);
    },
  );

  it('should round-trip signed pixel data', async () => {
    const { dataset } = sampleMrDataset(3, 4, 4);
    const signed = Int16Array.from([-32768, -1, 0, 1, 32767, -200, 200, 5, 6, 7, 8, 9, 10, 11, 12, -13]);
    const image = parseDicom(await writeDicom({ ...dataset, PixelData: signed, PixelRepresentation: 1, BitsStored: 16, HighBit: 15 }, { transferSyntaxUID: TransferSyntax.RLELossless }));
    expect(Array.from((await decodeFrame(image)).data)).toEqual(Array.from(signed));
  });

  it('should reject an unknown keyword with UNKNOWN_KEYWORD', async () => {
    await expect(writeDicom({ ...sampleMrDataset(1).dataset, PatientsFavouriteColour: 'blue' })).rejects.toMatchObject({ name: 'DicomError', code: 'UNKNOWN_KEYWORD' });
  });

  it('should reject values that do not fit their VR', async () => {
    const errors = await Promise.all(
      [{ Rows: 70000 }, { Rows: 2.5 }, { SliceThickness: Number.NaN }, { PatientID: 'a\\b' }, { PatientID: 'x'.repeat(70000) }].map((patch) =>
        writeDicom({ ...sampleMrDataset(1).dataset, ...patch }).then(
          () => 'accepted',
          (error: unknown) => (error instanceof DicomError ? error.code : 'other'),
        ),
      ),
    );
    expect(errors).toEqual(['WRITE_FAILED', 'WRITE_FAILED', 'WRITE_FAILED', 'WRITE_FAILED', 'WRITE_FAILED']);
  });

  it('should write non-ASCII names as UTF-8 with SpecificCharacterSet ISO_IR 192', async () => {
    const image = parseDicom(await writeDicom({ ...sampleSecondaryCapture(2).dataset, SpecificCharacterSet: undefined, PatientName: 'Müller^Zoë' }));
    expect([image.get('SpecificCharacterSet'), new TextDecoder().decode(image.get('x00100010') === undefined ? new Uint8Array() : new TextEncoder().encode(String(image.get('PatientName'))))]).toEqual([
      'ISO_IR 192',
      new TextDecoder('latin1').decode(new TextEncoder().encode('Müller^Zoë')),
    ]);
  });

  it.runIf(hasTool('dcmdump'))('should be read by dcmtk dcmdump with the values we wrote', async () => {
    const path = saveFile('mr-dump.dcm', await writeDicom(sampleMrDataset(8).dataset));
    const { status, output } = run('dcmdump', ['-q', path]);
    expect([status, /\(0010,0010\) PN \[Doe\^Jane\]/.test(output), /\(0018,0081\) DS \[102\.5\]/.test(output), /\(0028,0030\) DS \[0\.5\\0\.625\]/.test(output)]).toEqual([0, true, true, true]);
  });

  it.runIf(hasTool('dciodvfy'))('should pass dciodvfy for the MR and secondary capture IODs without errors', async () => {
    const results = await Promise.all(
      [sampleMrDataset(4).dataset, sampleSecondaryCapture(4).dataset].map(async (dataset, index) => run('dciodvfy', [saveFile(`iod-${index}.dcm`, await writeDicom(dataset))]).output),
    );
    expect(results.map((output) => output.split('\n').filter((line) => line.startsWith('Error'))).flat()).toEqual([]);
  });

  it.runIf(hasTool('dcm2pnm') && hasTool('dcml2pnm'))('should decode to the same pixels with dcmtk dcm2pnm in every written syntax dcmtk reads', async () => {
    const { dataset, pixels } = sampleMrDataset(9);
    const matches: boolean[] = [];
    for (const transferSyntaxUID of [TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian, TransferSyntax.DeflatedExplicitVRLittleEndian, TransferSyntax.RLELossless, TransferSyntax.JPEGLSLossless]) {
      const path = saveFile(`pnm-${transferSyntaxUID}.dcm`, await writeDicom(dataset, { transferSyntaxUID }));
      // dcm2pnm has no JPEG-LS decoder; dcml2pnm is the same tool with CharLS.
      const tool = transferSyntaxUID === TransferSyntax.JPEGLSLossless ? 'dcml2pnm' : 'dcm2pnm';
      const { status } = run(tool, ['--write-16-bit-pnm', '--no-modality', '--no-windowing', path, `${path}.pgm`]);
      // An ASCII PGM (P2, width height, 65535); without windowing dcmtk scales 12-bit stored values by 16.
      const values = readFileSync(`${path}.pgm`, 'utf8').trim().split(/\s+/).slice(4).map(Number);
      matches.push(status === 0 && values.length === pixels.length && values.every((value, index) => value === pixels[index]! * 16));
    }
    expect(matches).toEqual([true, true, true, true, true]);
  });

  // GDCM 3.0 (Debian 12) predates HTJ2K, so HTJ2K output is only checked by our round trip and the corpus decoder.
  it.runIf(hasTool('gdcmconv'))('should decode to the same pixels with gdcm gdcmconv --raw in JPEG 2000', async () => {
    const { dataset, pixels } = sampleMrDataset(21);
    const matches: boolean[] = [];
    for (const transferSyntaxUID of [TransferSyntax.JPEG2000Lossless]) {
      const path = saveFile(`gdcmconv-${transferSyntaxUID}.dcm`, await writeDicom(dataset, { transferSyntaxUID }));
      const { status, output } = run('gdcmconv', ['--raw', path, `${path}.raw.dcm`]);
      if (status !== 0) {
        matches.push(false);
        console.log(output);
        continue;
      }
      const frame = await decodeFrame(parseDicom(new Uint8Array(readFileSync(`${path}.raw.dcm`))));
      matches.push(frame.data.every((value, index) => value === pixels[index]));
    }
    expect(matches).toEqual([true]);
  });

  it.runIf(hasTool('gdcminfo'))('should be read by gdcm gdcminfo with the written transfer syntax', async () => {
    const outputs: boolean[] = [];
    for (const transferSyntaxUID of [TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.RLELossless, TransferSyntax.JPEGLSLossless, TransferSyntax.JPEG2000Lossless]) {
      const { status, output } = run('gdcminfo', [saveFile(`gdcm-${transferSyntaxUID}.dcm`, await writeDicom(sampleMrDataset(2).dataset, { transferSyntaxUID }))]);
      outputs.push(status === 0 && output.includes(transferSyntaxUID));
    }
    expect(outputs).toEqual([true, true, true, true]);
  });

  it.runIf(pydicomPython !== undefined || hasTool('python3:pydicom'))('should decode to the same pixels with pydicom', async () => {
    const { dataset, pixels } = sampleMrDataset(13);
    const paths = await Promise.all(
      [TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.DeflatedExplicitVRLittleEndian, TransferSyntax.RLELossless].map(async (transferSyntaxUID, index) =>
        saveFile(`pydicom-${index}.dcm`, await writeDicom(dataset, { transferSyntaxUID })),
      ),
    );
    const script = 'import sys, json, pydicom\nprint(json.dumps([pydicom.dcmread(p).pixel_array.ravel().tolist() for p in sys.argv[1:]]))';
    const result = spawnSync(pydicomPython ?? 'python3', ['-c', script, ...paths], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const decoded = JSON.parse(result.stdout) as number[][];
    expect(decoded.map((values) => values.every((value, index) => value === pixels[index]))).toEqual([true, true, true]);
  });
});
