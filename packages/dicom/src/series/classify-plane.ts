import { DicomError } from '../dicom-error';

/** Anatomical plane of an image, from its orientation cosines. */
export type ImagePlane = 'sagittal' | 'axial' | 'coronal' | 'oblique';

/**
 * The normal of the image plane: row direction × column direction (PS3.3 C.7.6.2.1.1), normalised.
 * Throws `DicomError` (INVALID_ARGUMENT) unless given six finite numbers spanning a plane.
 */
export function sliceNormal(imageOrientationPatient: readonly number[]): [number, number, number] {
  if (imageOrientationPatient.length !== 6 || !imageOrientationPatient.every(Number.isFinite)) {
    throw new DicomError(`sliceNormal: expected six finite ImageOrientationPatient cosines, received [${imageOrientationPatient.join(', ')}]`, 'INVALID_ARGUMENT');
  }
  const [rx, ry, rz, cx, cy, cz] = imageOrientationPatient as [number, number, number, number, number, number];
  const normal: [number, number, number] = [ry * cz - rz * cy, rz * cx - rx * cz, rx * cy - ry * cx];
  const length = Math.hypot(...normal);
  if (length < 1e-6) throw new DicomError(`sliceNormal: expected non-parallel row and column cosines, received [${imageOrientationPatient.join(', ')}]`, 'INVALID_ARGUMENT');
  return [normal[0] / length, normal[1] / length, normal[2] / length];
}

/**
 * Classifies a plane from ImageOrientationPatient: the patient axis the slice normal is closest to decides
 * (x, left-right → sagittal; y, anterior-posterior → coronal; z, head-feet → axial), provided the normal is
 * within `maxObliquityDegrees` (default 35°, so angled spine sagittals still count) of it; else 'oblique'.
 */
export function classifyPlane(imageOrientationPatient: readonly number[], maxObliquityDegrees = 35): ImagePlane {
  const normal = sliceNormal(imageOrientationPatient).map(Math.abs);
  const largest = Math.max(...normal);
  if (largest < Math.cos((maxObliquityDegrees * Math.PI) / 180)) return 'oblique';
  return normal[0] === largest ? 'sagittal' : normal[1] === largest ? 'coronal' : 'axial';
}
