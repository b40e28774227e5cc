import { describe, expect, it } from 'vitest';
import type { LookupTable } from './dicom-image';
import { applyModalityLut } from './modality-lut';
import { invertMonochrome1 } from './monochrome';
import { applyVoiLut } from './voi-lut';

const table: LookupTable = { length: 4, firstValue: 10, bitsPerEntry: 8, data: Uint16Array.from([0, 50, 100, 255]) };

describe('applyModalityLut', () => {
  it('should apply slope and intercept', () => {
    expect(Array.from(applyModalityLut(Int16Array.from([-2, 0, 3]), { rescaleSlope: 2.5, rescaleIntercept: -1024 }))).toEqual([-1029, -1024, -1016.5]);
  });

  it('should look values up in a Modality LUT Sequence, clamping outside it', () => {
    expect(Array.from(applyModalityLut([5, 10, 11, 13, 40], { rescaleSlope: 1, rescaleIntercept: 0, modalityLutSequence: table }))).toEqual([0, 0, 50, 255, 255]);
  });
});

describe('applyVoiLut', () => {
  // PS3.3 C.11.2.1.2: centre 50, width 11 → LINEAR bounds 44.5 / 54.5; LINEAR_EXACT bounds 44.5 / 55.5.
  it('should apply LINEAR windowing', () => {
    expect(Array.from(applyVoiLut([44, 44.5, 49.5, 54.5, 55], { center: 50, width: 11 }))).toEqual([0, 0, 0.5, 1, 1]);
  });

  it('should apply LINEAR_EXACT windowing onto a given range', () => {
    expect(Array.from(applyVoiLut([44.5, 50, 55.5, 60], { center: 50, width: 11, function: 'LINEAR_EXACT' }, { outputMin: 0, outputMax: 255 }))).toEqual([0, 127.5, 255, 255]);
  });

  it('should apply SIGMOID windowing', () => {
    const [low, middle, high] = applyVoiLut([30, 50, 70], { center: 50, width: 20, function: 'SIGMOID' });
    expect([low, middle, high].map((value) => Number(value!.toFixed(5)))).toEqual([Number((1 / (1 + Math.exp(4))).toFixed(5)), 0.5, Number((1 / (1 + Math.exp(-4))).toFixed(5))]);
  });

  it('should map through a VOI LUT Sequence item', () => {
    expect(Array.from(applyVoiLut([9, 11, 12, 99], table))).toEqual([0, 50 / 255, 100 / 255, 1].map(Math.fround));
  });

  it('should reject a LINEAR width below 1', () => {
    expect(() => applyVoiLut([1], { center: 0, width: 0.5 })).toThrow(expect.objectContaining({ name: 'DicomError', code: 'INVALID_ATTRIBUTE' }));
  });
});

describe('invertMonochrome1', () => {
  it('should mirror values within the given range or the data range', () => {
    expect([Array.from(invertMonochrome1([0, 0.25, 1], [0, 1])), Array.from(invertMonochrome1([100, 300, 4095]))]).toEqual([
      [1, 0.75, 0],
      [4095, 3895, 100],
    ]);
  });
});
