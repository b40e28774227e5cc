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

/** A title and a line describing a series: number and description; plane, sequence guess, slice count and UID tail. */
export function describeSeries(series: Pick<DicomSeries, 'seriesNumber' | 'seriesDescription' | 'plane' | 'isLikelyT2' | 'images' | 'seriesInstanceUID'>): {
  title: string;
  details: string;
} {
  const number = series.seriesNumber === undefined ? 'Series' : `Series ${series.seriesNumber}`;
  const title = series.seriesDescription ? `${number} · ${series.seriesDescription}` : number;
  const count = series.images.length;
  // The UID's tail tells apart series that share a number and description (two studies opened together).
  const uid = series.seriesInstanceUID ? ` · UID …${series.seriesInstanceUID.slice(-6)}` : '';
  const details = `${series.plane} · ${series.isLikelyT2 ? 'T2 (likely)' : 'not T2'} · ${count} slice${count === 1 ? '' : 's'}${uid}`;
  return { title, details };
}
