import type { DicomImage } from '../dicom-image';
import { classifyPlane, sliceNormal } from './classify-plane';
import type { ImagePlane } from './classify-plane';
import { isLikelyT2 } from './t2-rule';
import type { T2Rule } from './t2-rule';

/** The images of one SeriesInstanceUID, sorted along the slice normal. */
export interface DicomSeries {
  seriesInstanceUID: string | undefined;
  studyInstanceUID: string | undefined;
  seriesNumber: number | undefined;
  seriesDescription: string | undefined;
  modality: string | undefined;
  /** Plane of the first image's orientation ('oblique' also when it has none). */
  plane: ImagePlane;
  /** From isLikelyT2 on the first image with the given rule. */
  isLikelyT2: boolean;
  /** How the slices were ordered: by position along the normal, or by InstanceNumber when positions are missing. */
  sortedBy: 'position' | 'instanceNumber';
  images: DicomImage[];
}

/** Options of groupIntoSeries. */
export interface GroupIntoSeriesOptions {
  /** Overrides of defaultT2Rule. */
  t2Rule?: Partial<T2Rule>;
}

function sortSlices(images: DicomImage[]): { images: DicomImage[]; sortedBy: DicomSeries['sortedBy'] } {
  const orientation = images[0]?.imageOrientationPatient;
  const byInstance = (a: DicomImage, b: DicomImage): number => (a.instanceNumber ?? 0) - (b.instanceNumber ?? 0) || (a.sopInstanceUID ?? '').localeCompare(b.sopInstanceUID ?? '');
  if (orientation === undefined || images.some((image) => image.imagePositionPatient === undefined)) return { images: [...images].sort(byInstance), sortedBy: 'instanceNumber' };
  let normal: [number, number, number];
  try {
    normal = sliceNormal(orientation);
  } catch {
    return { images: [...images].sort(byInstance), sortedBy: 'instanceNumber' };
  }
  const distance = (image: DicomImage): number => image.imagePositionPatient!.reduce((sum, value, axis) => sum + value * normal[axis]!, 0);
  return { images: [...images].sort((a, b) => distance(a) - distance(b) || byInstance(a, b)), sortedBy: 'position' };
}

/**
 * Groups images by SeriesInstanceUID and sorts each series' slices along the normal of ImageOrientationPatient
 * using ImagePositionPatient (falling back to InstanceNumber when positions are missing). Series come out
 * ordered by SeriesNumber, then UID.
 */
export function groupIntoSeries(images: DicomImage[], options: GroupIntoSeriesOptions = {}): DicomSeries[] {
  const groups = new Map<string, DicomImage[]>();
  for (const image of images) {
    const key = image.seriesInstanceUID ?? '';
    groups.set(key, [...(groups.get(key) ?? []), image]);
  }
  const series = [...groups.values()].map((members): DicomSeries => {
    const { images: sorted, sortedBy } = sortSlices(members);
    const first = sorted[0]!;
    let plane: ImagePlane = 'oblique';
    try {
      if (first.imageOrientationPatient !== undefined) plane = classifyPlane(first.imageOrientationPatient);
    } catch {
      plane = 'oblique';
    }
    return {
      seriesInstanceUID: first.seriesInstanceUID,
      studyInstanceUID: first.studyInstanceUID,
      seriesNumber: first.seriesNumber,
      seriesDescription: first.seriesDescription,
      modality: first.modality,
      plane,
      isLikelyT2: isLikelyT2(first, options.t2Rule),
      sortedBy,
      images: sorted,
    };
  });
  return series.sort((a, b) => (a.seriesNumber ?? Infinity) - (b.seriesNumber ?? Infinity) || (a.seriesInstanceUID ?? '').localeCompare(b.seriesInstanceUID ?? ''));
}
