import type { DicomSeries } from '@spinedx/dicom';

/**
 * The series the model should look at: a sagittal likely-T2 series first, then any sagittal one, then the
 * first; ties go to the series with more slices. Returns -1 for an empty list.
 */
export function chooseSeries(series: readonly Pick<DicomSeries, 'plane' | 'isLikelyT2' | 'images'>[]): number {
  let best = -1;
  let bestScore = -Infinity;
  series.forEach((candidate, index) => {
    const score = (candidate.plane === 'sagittal' ? 2 : 0) + (candidate.isLikelyT2 ? 1 : 0) + candidate.images.length / 1e6;
    if (score > bestScore) {
      best = index;
      bestScore = score;
    }
  });
  return best;
}

/** One line describing a series: number and description, plane, sequence guess and slice count. */
export function describeSeries(series: Pick<DicomSeries, 'seriesNumber' | 'seriesDescription' | 'plane' | 'isLikelyT2' | 'images'>): {
  title: string;
  details: string;
} {
  const number = series.seriesNumber === undefined ? 'Series' : `Series ${series.seriesNumber}`;
  const title = series.seriesDescription ? `${number} · ${series.seriesDescription}` : number;
  const count = series.images.length;
  const details = `${series.plane} · ${series.isLikelyT2 ? 'T2 (likely)' : 'not T2'} · ${count} slice${count === 1 ? '' : 's'}`;
  return { title, details };
}
