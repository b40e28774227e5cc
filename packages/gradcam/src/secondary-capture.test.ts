import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDicom } from '@spinedx/dicom';
import { hasTool, pythonExecutable } from '@spinedx/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { overlayToSecondaryCapture } from './secondary-capture';

const rows = 3;
const columns = 4;
const rgba = new Uint8ClampedArray(rows * columns * 4).map((_, index) => (index % 4 === 3 ? 255 : (index * 7) % 256));
const expectedRgb = Array.from(rgba).filter((_, index) => index % 4 !== 3);
const options = {
  patient: { id: 'SPX-0001', name: 'Phantom^One' },
  study: { instanceUid: '2.25.1001', date: '20240102', time: '101500' },
  series: { instanceUid: '2.25.1002', number: 900, description: 'Grad-CAM overlay' },
  sopInstanceUid: '2.25.1003',
  derivedFrom: { sopClassUid: '1.2.840.10008.5.1.4.1.1.4', sopInstanceUid: '2.25.1000' },
};
const folder = mkdtempSync(join(tmpdir(), 'gradcam-sc-'));

describe('overlayToSecondaryCapture', () => {
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('should write an RGB Secondary Capture that parses back with its identifiers', async () => {
    const image = parseDicom(await overlayToSecondaryCapture({ data: rgba, height: rows, width: columns, channels: 4 }, options));
    expect([image.sopClassUID, image.sopInstanceUID, image.studyInstanceUID, image.seriesInstanceUID, image.patientId]).toEqual([
      '1.2.840.10008.5.1.4.1.1.7', '2.25.1003', '2.25.1001', '2.25.1002', 'SPX-0001',
    ]);
    expect([image.rows, image.columns, image.samplesPerPixel, image.photometricInterpretation, image.bitsAllocated]).toEqual([rows, columns, 3, 'RGB', 8]);
  });

  it.runIf(hasTool('python3:pydicom'))('should hold the overlay pixels, alpha dropped, as pydicom reads them', async () => {
    const path = join(folder, 'overlay.dcm');
    writeFileSync(path, await overlayToSecondaryCapture({ data: rgba, height: rows, width: columns, channels: 4 }, options));
    const script = 'import sys, json, pydicom; d = pydicom.dcmread(sys.argv[1]); print(json.dumps([d.SOPClassUID, d.SourceImageSequence[0].ReferencedSOPInstanceUID, d.pixel_array.reshape(-1).tolist()]))';
    const result = spawnSync(pythonExecutable(), ['-c', script, path], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual(['1.2.840.10008.5.1.4.1.1.7', '2.25.1000', expectedRgb]);
  });

  it.runIf(hasTool('dcmdump'))('should be read by DCMTK with the Secondary Capture class and RGB pixels', async () => {
    const path = join(folder, 'dcmtk.dcm');
    writeFileSync(path, await overlayToSecondaryCapture({ data: rgba, height: rows, width: columns, channels: 4 }, options));
    const result = spawnSync('dcmdump', ['-q', '+P', 'SOPClassUID', '+P', 'PhotometricInterpretation', '+P', 'SamplesPerPixel', '+P', 'Rows', path], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/=SecondaryCaptureImageStorage/);
    expect(result.stdout).toMatch(/\[RGB\]/);
    expect(result.stdout).toMatch(/\(0028,0002\) US 3/);
    expect(result.stdout).toMatch(/\(0028,0010\) US 3/);
  });

  it('should refuse a gray image', async () => {
    await expect(overlayToSecondaryCapture({ data: new Uint8Array(4), height: 2, width: 2, channels: 1 }, options)).rejects.toMatchObject({ code: 'INVALID_CHANNELS' });
  });
});
