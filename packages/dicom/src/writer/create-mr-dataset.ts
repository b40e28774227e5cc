import { DicomError } from '../dicom-error';
import { assertPositiveInteger, patientStudySeries } from './common-modules';
import type { DicomDataset } from './dicom-dataset';
import type { MrDatasetOptions } from './dataset-options';

/** SOP Class UID of MR Image Storage (PS3.4 B.5). */
export const mrImageStorageUid = '1.2.840.10008.5.1.4.1.1.4';

/**
 * Builds an MR Image Storage data set (PS3.3 A.4): Patient, General Study, General Series, Frame of Reference,
 * General Equipment, General Image, Image Plane, Image Pixel (MONOCHROME2, 16 bits allocated), MR Image, VOI LUT
 * and SOP Common modules, with every type 1 and type 2 attribute that applies. Pass it to writeDicom.
 */
export function createMrDataset(options: MrDatasetOptions): DicomDataset {
  const { pixelData, rows, columns } = options;
  assertPositiveInteger('createMrDataset', 'rows', rows);
  assertPositiveInteger('createMrDataset', 'columns', columns);
  if (!(pixelData instanceof Uint16Array || pixelData instanceof Int16Array) || pixelData.length !== rows * columns) {
    throw new DicomError(`createMrDataset: expected pixelData as a Uint16Array or Int16Array of rows*columns = ${rows * columns} values, received ${pixelData?.length} values`, 'INVALID_ARGUMENT');
  }
  const bitsStored = options.bitsStored ?? 16;
  const signed = pixelData instanceof Int16Array;
  if (!Number.isInteger(bitsStored) || bitsStored < 1 || bitsStored > 16) throw new DicomError(`createMrDataset: expected bitsStored in 1..16, received ${bitsStored}`, 'INVALID_ARGUMENT');
  const maximum = signed ? 2 ** (bitsStored - 1) - 1 : 2 ** bitsStored - 1;
  const minimum = signed ? -(2 ** (bitsStored - 1)) : 0;
  for (let index = 0; index < pixelData.length; index++) {
    const value = pixelData[index]!;
    if (value > maximum || value < minimum) {
      throw new DicomError(`createMrDataset: expected pixel values in ${minimum}..${maximum} for bitsStored ${bitsStored}, received ${value} at index ${index}`, 'INVALID_ARGUMENT');
    }
  }
  const position = options.imagePositionPatient;
  const orientation = options.imageOrientationPatient;
  if (position.length !== 3 || orientation.length !== 6 || options.pixelSpacing.length !== 2 || ![...position, ...orientation, ...options.pixelSpacing].every(Number.isFinite)) {
    throw new DicomError('createMrDataset: expected imagePositionPatient [x, y, z], imageOrientationPatient (6 numbers) and pixelSpacing [row, column] of finite numbers', 'INVALID_ARGUMENT');
  }
  const dataset: DicomDataset = {
    SpecificCharacterSet: 'ISO_IR 192',
    ImageType: ['ORIGINAL', 'PRIMARY', 'OTHER'],
    SOPClassUID: mrImageStorageUid,
    SOPInstanceUID: options.sopInstanceUid,
    ContentDate: options.study.date ?? '',
    ContentTime: options.study.time ?? '',
    ...patientStudySeries(options.patient, options.study, options.series, 'MR'),
    Manufacturer: options.manufacturer ?? '',
    InstitutionName: options.institutionName,
    StationName: options.stationName,
    // Type 2C for MR; head first supine is the usual spine set-up (override through extra).
    PatientPosition: 'HFS',
    ScanningSequence: 'SE',
    SequenceVariant: 'NONE',
    ScanOptions: '',
    MRAcquisitionType: '2D',
    SliceThickness: options.sliceThickness,
    RepetitionTime: options.repetitionTime,
    EchoTime: options.echoTime,
    EchoTrainLength: '',
    MagneticFieldStrength: options.magneticFieldStrength,
    SpacingBetweenSlices: options.spacingBetweenSlices,
    FrameOfReferenceUID: options.frameOfReferenceUid,
    PositionReferenceIndicator: '',
    InstanceNumber: options.instanceNumber,
    PatientOrientation: '',
    ImagePositionPatient: position,
    ImageOrientationPatient: orientation,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: rows,
    Columns: columns,
    PixelSpacing: options.pixelSpacing,
    BitsAllocated: 16,
    BitsStored: bitsStored,
    HighBit: bitsStored - 1,
    PixelRepresentation: signed ? 1 : 0,
    RescaleIntercept: options.rescaleIntercept ?? (options.rescaleSlope === undefined ? undefined : 0),
    RescaleSlope: options.rescaleSlope ?? (options.rescaleIntercept === undefined ? undefined : 1),
    WindowCenter: options.windowCenter,
    WindowWidth: options.windowCenter === undefined ? undefined : options.windowWidth,
    PixelData: pixelData,
  };
  if ((options.windowCenter === undefined) !== (options.windowWidth === undefined)) {
    throw new DicomError('createMrDataset: expected windowCenter and windowWidth together, received only one', 'INVALID_ARGUMENT');
  }
  return { ...dataset, ...options.extra };
}
