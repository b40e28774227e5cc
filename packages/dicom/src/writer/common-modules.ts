import { DicomError } from '../dicom-error';
import type { DicomDataset } from './dicom-dataset';
import type { PatientOptions, SeriesOptions, StudyOptions } from './dataset-options';

/** Formats PatientAge as an Age String (PS3.5 6.2, VR AS): `nnnY`. */
export function formatAge(age: string | number | undefined): string {
  if (age === undefined) return '';
  if (typeof age === 'string') {
    if (!/^\d{3}[DWMY]$/.test(age)) throw new DicomError(`createDataset: expected patient.age like '045Y', received '${age}'`, 'WRITE_FAILED');
    return age;
  }
  if (!Number.isInteger(age) || age < 0 || age > 999) throw new DicomError(`createDataset: expected patient.age as whole years 0..999, received ${age}`, 'WRITE_FAILED');
  return `${String(age).padStart(3, '0')}Y`;
}

/** Throws unless `value` is a positive integer. */
export function assertPositiveInteger(functionName: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > 0xffff) {
    throw new DicomError(`${functionName}: expected ${name} as an integer in 1..65535, received ${value}`, 'INVALID_ARGUMENT');
  }
}

/** Patient, General Study, General Series and General Equipment attributes shared by the IODs we write. */
export function patientStudySeries(patient: PatientOptions, study: StudyOptions, series: SeriesOptions, modality: string): DicomDataset {
  return {
    PatientName: patient.name ?? '',
    PatientID: patient.id,
    PatientBirthDate: patient.birthDate ?? '',
    PatientSex: patient.sex ?? '',
    PatientAge: patient.age === undefined ? undefined : formatAge(patient.age),
    StudyInstanceUID: study.instanceUid,
    StudyDate: study.date ?? '',
    StudyTime: study.time ?? '',
    ReferringPhysicianName: '',
    StudyID: study.id ?? '',
    AccessionNumber: '',
    StudyDescription: study.description,
    Modality: modality,
    SeriesInstanceUID: series.instanceUid,
    SeriesNumber: series.number,
    SeriesDescription: series.description,
    // Type 2C; the spine is not a paired body part, so present and empty.
    Laterality: '',
    Manufacturer: '',
  };
}
