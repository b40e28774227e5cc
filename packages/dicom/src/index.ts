/**
 * @packageDocumentation
 * DICOM Part 10 parsing, pixel decoding (native, RLE, JPEG, JPEG-LS, JPEG 2000, HTJ2K), LUTs, series and
 * writing. No TensorFlow.js, no Node-only API here (file system helpers are in `@spinedx/dicom/node`).
 */
export type { DicomErrorCode } from './dicom-error';
export { DicomError } from './dicom-error';
export { hasDicomPreamble } from './preamble';
export type { DicomAttributeValue, DicomImage, LookupTable, VoiLutFunction } from './dicom-image';
export { parseDicom } from './parse-dicom';
export type { DecodeOptions } from './codecs/codec';
export type { DecodedFrame } from './decode-frame';
export { decodeFrame } from './decode-frame';
export type { StoredPixelArray } from './pixel-data/stored-values';
export { decodeImage } from './decode-image';
export type { ModalityLutParameters } from './modality-lut';
export { applyModalityLut } from './modality-lut';
export type { VoiOutputRange, VoiWindow } from './voi-lut';
export { applyVoiLut, defaultVoi } from './voi-lut';
export { invertMonochrome1 } from './monochrome';
export type { PixelCodec } from './transfer-syntax';
export { listSupportedTransferSyntaxes, TransferSyntax } from './transfer-syntax';
export type { DictionaryEntry } from './dictionary';
export { listKeywords, lookupKeyword } from './dictionary';
export type { DicomDataset, DicomValue } from './writer/dicom-dataset';
export type { WriteDicomOptions } from './writer/write-dicom';
export { implementationClassUid, writeDicom } from './writer/write-dicom';
export { createUid } from './writer/create-uid';
export type { MrDatasetOptions, PatientOptions, SecondaryCaptureDatasetOptions, SeriesOptions, StudyOptions } from './writer/dataset-options';
export { createMrDataset, mrImageStorageUid } from './writer/create-mr-dataset';
export { createSecondaryCaptureDataset, secondaryCaptureImageStorageUid } from './writer/create-secondary-capture-dataset';
export type { ImagePlane } from './series/classify-plane';
export { classifyPlane, sliceNormal } from './series/classify-plane';
export type { T2Rule } from './series/t2-rule';
export { defaultT2Rule, isLikelyT2 } from './series/t2-rule';
export type { DicomSeries, GroupIntoSeriesOptions } from './series/group-into-series';
export { groupIntoSeries } from './series/group-into-series';
