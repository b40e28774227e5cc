import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDicomFolder } from '../read-dicom-folder';
import { parseDicom } from '../parse-dicom';
import { writeDicom } from '../writer/write-dicom';
import { sampleMrDataset } from '../writer/test-datasets';
import { classifyPlane } from './classify-plane';
import { groupIntoSeries } from './group-into-series';
import { isLikelyT2 } from './t2-rule';

const sagittal = [0, 1, 0, 0, 0, -1];

async function slice(seriesUid: string, x: number, instanceNumber: number, description = 'T2 SAG', orientation = sagittal, withPosition = true) {
  const { dataset } = sampleMrDataset(instanceNumber, 4, 4);
  return writeDicom({
    ...dataset,
    SeriesInstanceUID: seriesUid,
    SeriesDescription: description,
    InstanceNumber: instanceNumber,
    SOPInstanceUID: `1.2.3.${seriesUid.length}.${instanceNumber}`,
    ImageOrientationPatient: orientation,
    ImagePositionPatient: withPosition ? [x, -100, 50] : undefined,
  });
}

describe('classifyPlane', () => {
  it.each([
    [[0, 1, 0, 0, 0, -1], 'sagittal'],
    [[1, 0, 0, 0, 1, 0], 'axial'],
    [[1, 0, 0, 0, 0, -1], 'coronal'],
    [[0, Math.cos(0.3), Math.sin(0.3), 0, 0, -1], 'sagittal'],
    [[Math.SQRT1_2, Math.SQRT1_2, 0, 0, 0, -1], 'oblique'],
  ])('should classify %j as %s', (orientation, plane) => {
    expect(classifyPlane(orientation)).toBe(plane);
  });

  it('should reject cosines that do not span a plane', () => {
    expect(() => classifyPlane([1, 0, 0, 1, 0, 0])).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('isLikelyT2', () => {
  it.each([
    [{ seriesDescription: 'T2 TSE SAG', echoTime: 10, repetitionTime: 500 }, true],
    [{ seriesDescription: 'T1 SAG', echoTime: 100, repetitionTime: 4000 }, false],
    [{ seriesDescription: 'SAG', echoTime: 100, repetitionTime: 4000 }, true],
    [{ seriesDescription: 'SAG', echoTime: 12, repetitionTime: 600 }, false],
    [{ seriesDescription: undefined, echoTime: undefined, repetitionTime: undefined }, false],
  ])('should judge %j as %s', (image, expected) => {
    expect(isLikelyT2({ protocolName: undefined, ...image })).toBe(expected);
  });

  it('should follow an overriding rule', () => {
    expect(isLikelyT2({ seriesDescription: 'SAG', protocolName: undefined, echoTime: 50, repetitionTime: 2000 }, { minEchoTime: 40 })).toBe(true);
  });
});

describe('groupIntoSeries', () => {
  it('should group by series, sort by position along the normal and classify', async () => {
    const files = await Promise.all([slice('1.9.1', 20, 1), slice('1.9.1', -10, 2), slice('1.9.1', 5, 3), slice('1.9.22', 0, 1, 'T1 AX', [1, 0, 0, 0, 1, 0])]);
    const series = groupIntoSeries(files.map((bytes) => parseDicom(bytes)));
    expect(series.map((item) => [item.seriesInstanceUID, item.plane, item.isLikelyT2, item.sortedBy, item.images.map((image) => image.instanceNumber)])).toEqual([
      // IOP [0,1,0, 0,0,-1] has normal (-1, 0, 0): ascending distance along it is descending x.
      ['1.9.1', 'sagittal', true, 'position', [1, 3, 2]],
      ['1.9.22', 'axial', false, 'position', [1]],
    ]);
  });

  it('should fall back to InstanceNumber without positions', async () => {
    const files = await Promise.all([slice('1.9.1', 0, 3, 'T2', sagittal, false), slice('1.9.1', 0, 1, 'T2', sagittal, false), slice('1.9.1', 0, 2, 'T2', sagittal, false)]);
    const [series] = groupIntoSeries(files.map((bytes) => parseDicom(bytes)));
    expect([series?.sortedBy, series?.images.map((image) => image.instanceNumber)]).toEqual(['instanceNumber', [1, 2, 3]]);
  });
});

describe('readDicomFolder', () => {
  it('should read a folder tree into series and list unreadable files', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'spinedx-folder-'));
    mkdirSync(join(folder, 'sub'));
    writeFileSync(join(folder, 'a.dcm'), await slice('1.9.1', 1, 1));
    writeFileSync(join(folder, 'sub', 'b'), await slice('1.9.1', 2, 2));
    writeFileSync(join(folder, 'notes.txt'), 'not dicom');
    const whole = await slice('1.9.1', 3, 3);
    writeFileSync(join(folder, 'sub', 'cut.dcm'), whole.subarray(0, whole.length - 9));
    const recursive = await readDicomFolder(folder);
    const flat = await readDicomFolder(folder, { recursive: false });
    expect([
      recursive.series.map((item) => item.images.length),
      recursive.failures.map((failure) => [failure.path.slice(folder.length), failure.error.code]),
      flat.series.map((item) => item.images.length),
    ]).toEqual([[2], [['/notes.txt', 'NOT_DICOM'], ['/sub/cut.dcm', 'TRUNCATED']], [1]]);
  });

  it('should reject a missing folder with FILE_NOT_FOUND', async () => {
    await expect(readDicomFolder('/nonexistent/spinedx')).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });
});
