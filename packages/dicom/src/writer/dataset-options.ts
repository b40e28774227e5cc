import type { DicomDataset } from './dicom-dataset';

/** Patient module attributes (PS3.3 C.7.1.1). */
export interface PatientOptions {
  /** PatientID. */
  id: string;
  /** PatientName in DICOM PN form (`Family^Given`). */
  name?: string;
  /** PatientSex: M, F or O. */
  sex?: 'M' | 'F' | 'O' | '';
  /** PatientAge as a DICOM AS string (`045Y`) or a number of years. */
  age?: string | number;
  /** PatientBirthDate, YYYYMMDD. */
  birthDate?: string;
}

/** General Study module attributes (PS3.3 C.7.2.1). */
export interface StudyOptions {
  instanceUid: string;
  id?: string;
  /** StudyDate, YYYYMMDD. */
  date?: string;
  /** StudyTime, HHMMSS. */
  time?: string;
  description?: string;
}

/** General Series module attributes (PS3.3 C.7.3.1). */
export interface SeriesOptions {
  instanceUid: string;
  number: number;
  description: string;
}

/** Options of createMrDataset. */
export interface MrDatasetOptions {
  pixelData: Uint16Array | Int16Array;
  rows: number;
  columns: number;
  /** BitsStored; 16 by default. Every pixel value must fit in it. */
  bitsStored?: number;
  patient: PatientOptions;
  study: StudyOptions;
  series: SeriesOptions;
  sopInstanceUid: string;
  instanceNumber: number;
  frameOfReferenceUid: string;
  imagePositionPatient: [number, number, number];
  imageOrientationPatient: [number, number, number, number, number, number];
  /** PixelSpacing in mm: [row spacing, column spacing]. */
  pixelSpacing: [number, number];
  sliceThickness: number;
  spacingBetweenSlices?: number;
  /** EchoTime in ms. */
  echoTime: number;
  /** RepetitionTime in ms. */
  repetitionTime: number;
  magneticFieldStrength?: number;
  rescaleSlope?: number;
  rescaleIntercept?: number;
  windowCenter?: number;
  windowWidth?: number;
  manufacturer?: string;
  institutionName?: string;
  stationName?: string;
  /** Further attributes, written over the generated ones. */
  extra?: DicomDataset;
}

/** Options of createSecondaryCaptureDataset. */
export interface SecondaryCaptureDatasetOptions {
  /** Interleaved 8-bit RGB, rows * columns * 3 values. */
  rgb: Uint8Array;
  rows: number;
  columns: number;
  patient: PatientOptions;
  study: StudyOptions;
  series: SeriesOptions;
  sopInstanceUid: string;
  instanceNumber?: number;
  /** The image this capture was derived from (written as SourceImageSequence). */
  derivedFrom?: { sopClassUid: string; sopInstanceUid: string };
  /** Further attributes, written over the generated ones. */
  extra?: DicomDataset;
}
