import { createRandom } from '@spinedx/core';
import { createUid } from './create-uid';
import { createMrDataset } from './create-mr-dataset';
import { createSecondaryCaptureDataset } from './create-secondary-capture-dataset';
import type { DicomDataset } from './dicom-dataset';

/** A deterministic 12-bit MR slice (a ramp plus seeded noise) for writer tests. Test helper, not exported. */
export function sampleMrDataset(seed: number, rows = 24, columns = 20): { dataset: DicomDataset; pixels: Uint16Array } {
  const random = createRandom(seed);
  const pixels = new Uint16Array(rows * columns);
  for (let index = 0; index < pixels.length; index++) pixels[index] = (index * 7 + random.integer(0, 400)) % 4096;
  const dataset = createMrDataset({
    pixelData: pixels,
    rows,
    columns,
    bitsStored: 12,
    patient: { id: 'P-001', name: 'Doe^Jane', sex: 'F', age: 54, birthDate: '19700101' },
    study: { instanceUid: createUid(random), id: 'S1', date: '20240102', time: '101500', description: 'Spine MR' },
    series: { instanceUid: createUid(random), number: 3, description: 'T2 SAG' },
    sopInstanceUid: createUid(random),
    instanceNumber: 7,
    frameOfReferenceUid: createUid(random),
    imagePositionPatient: [-12.5, 100.25, 30],
    imageOrientationPatient: [0, 1, 0, 0, 0, -1],
    pixelSpacing: [0.5, 0.625],
    sliceThickness: 4,
    spacingBetweenSlices: 4.4,
    echoTime: 102.5,
    repetitionTime: 3500,
    magneticFieldStrength: 1.5,
    rescaleSlope: 2,
    rescaleIntercept: -10,
    windowCenter: 600,
    windowWidth: 1200,
    manufacturer: 'SpineDx',
    institutionName: 'Test Hospital',
    stationName: 'MR1',
  });
  return { dataset, pixels };
}

/** A deterministic 8-bit RGB secondary capture. Test helper, not exported. */
export function sampleSecondaryCapture(seed: number, rows = 9, columns = 11): { dataset: DicomDataset; rgb: Uint8Array } {
  const random = createRandom(seed);
  const rgb = new Uint8Array(rows * columns * 3);
  for (let index = 0; index < rgb.length; index++) rgb[index] = random.integer(0, 255);
  const dataset = createSecondaryCaptureDataset({
    rgb,
    rows,
    columns,
    patient: { id: 'P-001', name: 'Doe^Jane' },
    study: { instanceUid: createUid(random) },
    series: { instanceUid: createUid(random), number: 900, description: 'Grad-CAM overlay' },
    sopInstanceUid: createUid(random),
    derivedFrom: { sopClassUid: '1.2.840.10008.5.1.4.1.1.4', sopInstanceUid: createUid(random) },
  });
  return { dataset, rgb };
}
