import type { ImageArray } from '@spinedx/core';
import { createUid } from '@spinedx/dicom';
import { encodePng, overlayToSecondaryCapture } from '@spinedx/gradcam';
import type { LoadedSlice } from './open-dicom-files';

/** Starts a download of `bytes` as `fileName` (a blob URL: nothing is uploaded). */
export function downloadBytes(bytes: Uint8Array, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The overlay as PNG bytes. */
export function overlayPng(image: ImageArray<Uint8ClampedArray>): Uint8Array {
  return encodePng(image);
}

/**
 * The overlay as a DICOM Secondary Capture filed beside its source: same patient and study, a new series, and
 * the source slice in SourceImageSequence.
 */
export async function overlayDicom(image: ImageArray<Uint8ClampedArray>, source: LoadedSlice, label: string): Promise<Uint8Array> {
  const { dicom } = source;
  const text = (keyword: string): string | undefined => {
    const value = dicom.get(keyword);
    return typeof value === 'string' ? value : undefined;
  };
  const sex = text('PatientSex');
  return overlayToSecondaryCapture(image, {
    patient: {
      id: dicom.patientId ?? '',
      name: text('PatientName'),
      sex: sex === 'M' || sex === 'F' || sex === 'O' ? sex : '',
      birthDate: text('PatientBirthDate'),
    },
    study: { instanceUid: dicom.studyInstanceUID ?? createUid(), date: text('StudyDate'), time: text('StudyTime'), id: text('StudyID') },
    series: { instanceUid: createUid(), number: 900 + (dicom.seriesNumber ?? 0), description: `Grad-CAM ${label}` },
    sopInstanceUid: createUid(),
    instanceNumber: dicom.instanceNumber ?? 1,
    ...(dicom.sopClassUID && dicom.sopInstanceUID ? { derivedFrom: { sopClassUid: dicom.sopClassUID, sopInstanceUid: dicom.sopInstanceUID } } : {}),
  });
}
