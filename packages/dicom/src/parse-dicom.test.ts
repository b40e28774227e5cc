import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeFrame } from './decode-frame';
import { decodeImage } from './decode-image';
import { parseDicom } from './parse-dicom';
import { sampleMrDataset } from './writer/test-datasets';
import { writeDicom } from './writer/write-dicom';

const corpus = join(import.meta.dirname, '../../../fixtures/dicom-corpus');
const codeOf = (action: () => unknown): string | undefined => {
  try {
    action();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('parseDicom', () => {
  it('should expose typed attributes and generic access by keyword and tag', () => {
    const image = parseDicom(new Uint8Array(readFileSync(join(corpus, 'valid/CT_small.dcm'))));
    expect([image.rows, image.columns, image.bitsStored, image.pixelRepresentation, image.modality, image.get('Rows'), image.get(0x00280010), image.get('x00280010')]).toEqual([
      128, 128, 16, 1, 'CT', 128, 128, 128,
    ]);
  });

  it.each([
    ['an empty buffer', new Uint8Array(0), 'NOT_DICOM'],
    ['random bytes', Uint8Array.from({ length: 300 }, (_, index) => (index * 7919) % 251), 'NOT_DICOM'],
    ['a preamble only', Uint8Array.from([...new Uint8Array(128), 0x44, 0x49, 0x43, 0x4d]), 'NOT_DICOM'],
  ])('should reject %s with %s', (_name, bytes, code) => {
    expect(codeOf(() => parseDicom(bytes))).toBe(code);
  });

  it('should read a bare data set without preamble or meta header as implicit VR little endian', async () => {
    const file = await writeDicom(sampleMrDataset(4).dataset, { transferSyntaxUID: '1.2.840.10008.1.2' });
    const metaLength = new DataView(file.buffer).getUint32(140, true);
    const image = parseDicom(file.subarray(144 + metaLength));
    expect([image.transferSyntaxUID, image.rows, image.patientId]).toEqual(['1.2.840.10008.1.2', 24, 'P-001']);
  });

  it('should reject declared dimensions larger than the pixel data before allocating', async () => {
    const file = await writeDicom({ ...sampleMrDataset(4).dataset, Rows: 65535, Columns: 65535 });
    expect(codeOf(() => parseDicom(file))).toBe('PIXEL_DATA_TOO_SHORT');
  });
});

describe('decodeFrame', () => {
  it('should reject a frame index out of range and objects not from parseDicom', async () => {
    const image = parseDicom(new Uint8Array(readFileSync(join(corpus, 'valid/CT_small.dcm'))));
    await expect(decodeFrame(image, 1)).rejects.toMatchObject({ name: 'DicomError', code: 'INVALID_ARGUMENT' });
    await expect(decodeFrame({ ...image }, 0)).rejects.toMatchObject({ name: 'DicomError', code: 'INVALID_ARGUMENT' });
  });
});

describe('decodeImage', () => {
  it('should apply the rescale and carry PixelSpacing', async () => {
    const { dataset, pixels } = sampleMrDataset(6);
    const result = await decodeImage(parseDicom(await writeDicom(dataset)));
    expect([result.height, result.width, result.channels, result.spacing, result.data[5], result.data[17]]).toEqual([24, 20, 1, [0.5, 0.625], pixels[5]! * 2 - 10, pixels[17]! * 2 - 10]);
  });

  it('should leave MONOCHROME1 values uninverted', async () => {
    const image = parseDicom(new Uint8Array(readFileSync(join(corpus, 'valid/CR_16x16_mono1_12bit.dcm'))));
    const [stored, real] = [await decodeFrame(image), await decodeImage(image)];
    expect(Array.from(real.data)).toEqual(Array.from(stored.data, (value) => Math.fround(value * image.rescaleSlope + image.rescaleIntercept)));
  });
});
