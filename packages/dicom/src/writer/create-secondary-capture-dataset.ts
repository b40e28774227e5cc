import { DicomError } from '../dicom-error';
import { assertPositiveInteger, patientStudySeries } from './common-modules';
import type { DicomDataset } from './dicom-dataset';
import type { SecondaryCaptureDatasetOptions } from './dataset-options';

/** SOP Class UID of Secondary Capture Image Storage (PS3.4 B.5). */
export const secondaryCaptureImageStorageUid = '1.2.840.10008.5.1.4.1.1.7';

/**
 * Builds a Secondary Capture Image Storage data set (PS3.3 A.8.1) holding an 8-bit interleaved RGB image, e.g.
 * a Grad-CAM overlay; `derivedFrom` records the source image in SourceImageSequence. Pass it to writeDicom.
 */
export function createSecondaryCaptureDataset(options: SecondaryCaptureDatasetOptions): DicomDataset {
  const { rgb, rows, columns } = options;
  assertPositiveInteger('createSecondaryCaptureDataset', 'rows', rows);
  assertPositiveInteger('createSecondaryCaptureDataset', 'columns', columns);
  if (!(rgb instanceof Uint8Array) || rgb.length !== rows * columns * 3) {
    throw new DicomError(`createSecondaryCaptureDataset: expected rgb as a Uint8Array of rows*columns*3 = ${rows * columns * 3} values, received ${rgb?.length} values`, 'INVALID_ARGUMENT');
  }
  const derived = options.derivedFrom;
  const dataset: DicomDataset = {
    SpecificCharacterSet: 'ISO_IR 192',
    ImageType: derived === undefined ? ['ORIGINAL', 'PRIMARY'] : ['DERIVED', 'SECONDARY'],
    SOPClassUID: secondaryCaptureImageStorageUid,
    SOPInstanceUID: options.sopInstanceUid,
    ContentDate: options.study.date ?? '',
    ContentTime: options.study.time ?? '',
    ...patientStudySeries(options.patient, options.study, options.series, 'OT'),
    ConversionType: 'WSD',
    SourceImageSequence: derived === undefined ? undefined : [{ ReferencedSOPClassUID: derived.sopClassUid, ReferencedSOPInstanceUID: derived.sopInstanceUid }],
    InstanceNumber: options.instanceNumber ?? 1,
    PatientOrientation: '',
    SamplesPerPixel: 3,
    PhotometricInterpretation: 'RGB',
    PlanarConfiguration: 0,
    Rows: rows,
    Columns: columns,
    BitsAllocated: 8,
    BitsStored: 8,
    HighBit: 7,
    PixelRepresentation: 0,
    BurnedInAnnotation: 'NO',
    PixelData: rgb,
  };
  return { ...dataset, ...options.extra };
}
