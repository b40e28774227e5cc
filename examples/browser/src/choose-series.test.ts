import { describe, expect, it } from 'vitest';
import { chooseSeries, describeSeries } from './choose-series';

const series = (plane: 'sagittal' | 'axial' | 'coronal' | 'oblique', isLikelyT2: boolean, slices: number) => ({
  plane,
  isLikelyT2,
  images: Array.from({ length: slices }, () => ({}) as never),
});

describe('chooseSeries', () => {
  it('should prefer a sagittal T2 series over sagittal T1 and axial T2 ones', () => {
    expect(chooseSeries([series('axial', true, 30), series('sagittal', false, 15), series('sagittal', true, 11)])).toBe(2);
  });

  it('should fall back to a sagittal series when no sagittal T2 exists', () => {
    expect(chooseSeries([series('axial', true, 30), series('sagittal', false, 15)])).toBe(1);
  });

  it('should break ties by slice count', () => {
    expect(chooseSeries([series('sagittal', true, 11), series('sagittal', true, 19)])).toBe(1);
  });

  it('should return -1 for no series', () => {
    expect(chooseSeries([])).toBe(-1);
  });
});

describe('describeSeries', () => {
  it('should name the plane, the sequence guess and the slice count', () => {
    expect(describeSeries({ ...series('sagittal', true, 1), seriesNumber: 3, seriesDescription: 'T2 SAG', seriesInstanceUID: '1.2.826.0.1.3680043.8.498.1234567' })).toEqual({
      title: 'Series 3 · T2 SAG',
      details: 'sagittal · T2 (likely) · 1 slice · UID …234567',
    });
  });
});
