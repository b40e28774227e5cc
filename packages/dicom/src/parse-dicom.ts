import dicomParser from 'dicom-parser';
import type { DataSet } from 'dicom-parser';
import { inflateSync } from 'fflate';
import { DicomError } from './dicom-error';
import type { DicomImage, LookupTable, VoiLutFunction } from './dicom-image';
import { readAttribute, readLookupTable, readNumber, readNumbers, readString, readUint16, sequenceItems } from './dataset-reader';
import { tagKey } from './dictionary';
import { attachInternals } from './image-internals';
import { hasDicomPreamble } from './preamble';
import { codecOf, TransferSyntax } from './transfer-syntax';
import { validatePixelData } from './validate-pixel-data';

const key = (tag: number): string => tagKey(tag);

/**
 * Parses DICOM Part 10 bytes (or a bare data set without preamble, read as implicit/explicit VR little endian).
 *
 * Never reads beyond `bytes`; anything malformed throws a `DicomError` (`NOT_DICOM`, `TRUNCATED`,
 * `MISSING_PIXEL_DATA`, `INVALID_DIMENSIONS`, `PIXEL_DATA_TOO_SHORT`, ...). Pixel data is only located and
 * checked against the declared size here; `decodeFrame` decodes it.
 */
export function parseDicom(bytes: Uint8Array): DicomImage {
  if (!(bytes instanceof Uint8Array)) {
    throw new DicomError(`parseDicom: expected a Uint8Array, received ${describe(bytes)}`, 'INVALID_ARGUMENT');
  }
  const dataSet = parseDataSet(bytes);
  try {
    return buildImage(dataSet);
  } catch (error) {
    // Attribute values are read lazily by dicom-parser, which throws strings for values past the buffer.
    throw error instanceof DicomError ? error : toDicomError(error);
  }
}

function describe(value: unknown): string {
  return value === null ? 'null' : typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
}

function parseDataSet(bytes: Uint8Array): DataSet {
  if (bytes.length === 0) throw new DicomError('parseDicom: expected DICOM bytes, received an empty buffer', 'NOT_DICOM');
  let options: dicomParser.ParseDicomOptions = { inflater };
  if (!hasDicomPreamble(bytes)) {
    const bare = bareDataSetSyntax(bytes);
    if (bare === undefined) {
      throw new DicomError(`parseDicom: expected 'DICM' at byte 128 or a bare data set, received ${bytes.length} bytes of something else`, 'NOT_DICOM');
    }
    options = { ...options, TransferSyntaxUID: bare };
  }
  try {
    const dataSet = dicomParser.parseDicom(bytes, options);
    if (dataSet.elements[key(0x00020010)] === undefined && options.TransferSyntaxUID === undefined) {
      throw new DicomError('parseDicom: expected a TransferSyntaxUID (0002,0010) in the File Meta Information, received none', 'NOT_DICOM');
    }
    // dicom-parser only warns when a sequence or item of undefined length runs into the end of the buffer.
    const eofWarning = dataSet.warnings.find((warning) => /eof encountered|missing sequence delimiter/i.test(warning));
    if (eofWarning !== undefined) throw new DicomError(`parseDicom: expected a complete data set, received one that ends early (${eofWarning})`, 'TRUNCATED');
    if (Object.keys(dataSet.elements).every((name) => name.startsWith('x0002'))) {
      throw new DicomError(`parseDicom: expected a data set after the File Meta Information, received none in ${bytes.length} bytes`, 'TRUNCATED');
    }
    return dataSet;
  } catch (error) {
    throw toDicomError(error);
  }
}

// Old archives hold data sets without preamble or meta header; accept them when the first tag is plausible.
function bareDataSetSyntax(bytes: Uint8Array): string | undefined {
  if (bytes.length < 8) return undefined;
  const group = bytes[0]! | (bytes[1]! << 8);
  if (group !== 0x0008 && group !== 0x0002) return undefined;
  const isUpper = (byte: number): boolean => byte >= 0x41 && byte <= 0x5a;
  return isUpper(bytes[4]!) && isUpper(bytes[5]!) ? TransferSyntax.ExplicitVRLittleEndian : TransferSyntax.ImplicitVRLittleEndian;
}

function inflater(bytes: Uint8Array, position: number): Uint8Array {
  let inflated: Uint8Array;
  try {
    inflated = inflateSync(bytes.subarray(position));
  } catch (error) {
    throw new DicomError(`parseDicom: expected a raw deflate stream after byte ${position}, received corrupt data`, 'TRUNCATED', { cause: error });
  }
  const full = new Uint8Array(position + inflated.length);
  full.set(bytes.subarray(0, position));
  full.set(inflated, position);
  return full;
}

// dicom-parser throws strings, Errors, or {exception, dataSet}; turn all of them into one typed error.
function toDicomError(error: unknown): DicomError {
  const inner = typeof error === 'object' && error !== null && 'exception' in error ? (error as { exception: unknown }).exception : error;
  if (inner instanceof DicomError) return inner;
  const text = inner instanceof Error ? inner.message : String(inner);
  if (/DICM prefix/.test(text)) return new DicomError(`parseDicom: expected 'DICM' at byte 128, received other bytes`, 'NOT_DICOM', { cause: inner });
  if (/0002,0010/.test(text)) {
    return new DicomError('parseDicom: expected a TransferSyntaxUID (0002,0010) in the File Meta Information, received none', 'NOT_DICOM', { cause: inner });
  }
  return new DicomError(`parseDicom: expected a complete data set, received one that ends early or has inconsistent lengths (${text})`, 'TRUNCATED', {
    cause: inner,
  });
}

function fixedLength<T extends number[]>(values: number[], length: number): T | undefined {
  return values.length >= length ? (values.slice(0, length) as T) : undefined;
}

function readVoiFunction(dataSet: DataSet): VoiLutFunction {
  const value = readString(dataSet, key(0x00281056))?.toUpperCase();
  return value === 'LINEAR_EXACT' || value === 'SIGMOID' ? value : 'LINEAR';
}

function buildImage(dataSet: DataSet): DicomImage {
  const pixelData = dataSet.elements[key(0x7fe00010)];
  const transferSyntaxUID = (readString(dataSet, key(0x00020010)) ?? TransferSyntax.ImplicitVRLittleEndian).replace(/\0/g, '').trim();
  const rows = readUint16(dataSet, key(0x00280010));
  const columns = readUint16(dataSet, key(0x00280011));
  const samplesPerPixel = readUint16(dataSet, key(0x00280002)) ?? 1;
  const bitsAllocated = readUint16(dataSet, key(0x00280100));
  const bitsStored = readUint16(dataSet, key(0x00280101)) ?? bitsAllocated;
  const pixelRepresentation = readUint16(dataSet, key(0x00280103)) ?? 0;
  const numberOfFramesValue = readNumber(dataSet, key(0x00280008), 'IS');
  const numberOfFrames = numberOfFramesValue === undefined ? 1 : numberOfFramesValue;
  const photometricInterpretation = readString(dataSet, key(0x00280004))?.toUpperCase() ?? (samplesPerPixel === 3 ? 'RGB' : 'MONOCHROME2');
  const codec = codecOf(transferSyntaxUID);
  if (pixelData === undefined) {
    throw new DicomError('parseDicom: expected a Pixel Data element (7FE0,0010), received a data set without one', 'MISSING_PIXEL_DATA');
  }
  const checked = validatePixelData({
    rows,
    columns,
    samplesPerPixel,
    bitsAllocated,
    bitsStored,
    pixelRepresentation,
    numberOfFrames,
    photometricInterpretation,
    pixelData,
    layout: codec === undefined ? 'unknown' : codec === 'native' ? 'native' : 'encapsulated',
  });
  const signed = checked.pixelRepresentation === 1;
  const modalityLuts = sequenceItems(dataSet, key(0x00283000)).map((item) => readLookupTable(item, signed));
  const voiLuts = sequenceItems(dataSet, key(0x00283010))
    .map((item) => readLookupTable(item, signed))
    .filter((table): table is LookupTable => table !== undefined);
  const image: DicomImage = {
    transferSyntaxUID,
    sopClassUID: readString(dataSet, key(0x00080016)),
    sopInstanceUID: readString(dataSet, key(0x00080018)),
    studyInstanceUID: readString(dataSet, key(0x0020000d)),
    seriesInstanceUID: readString(dataSet, key(0x0020000e)),
    frameOfReferenceUID: readString(dataSet, key(0x00200052)),
    patientId: readString(dataSet, key(0x00100020)),
    modality: readString(dataSet, key(0x00080060)),
    seriesDescription: readString(dataSet, key(0x0008103e)),
    protocolName: readString(dataSet, key(0x00181030)),
    seriesNumber: readNumber(dataSet, key(0x00200011), 'IS'),
    instanceNumber: readNumber(dataSet, key(0x00200013), 'IS'),
    ...checked,
    photometricInterpretation,
    planarConfiguration: readUint16(dataSet, key(0x00280006)) ?? 0,
    rescaleSlope: readNumber(dataSet, key(0x00281053), 'DS') ?? 1,
    rescaleIntercept: readNumber(dataSet, key(0x00281052), 'DS') ?? 0,
    rescaleType: readString(dataSet, key(0x00281054)),
    windowCenter: readNumbers(dataSet, key(0x00281050), 'DS'),
    windowWidth: readNumbers(dataSet, key(0x00281051), 'DS'),
    voiLutFunction: readVoiFunction(dataSet),
    voiLutSequence: voiLuts,
    modalityLutSequence: modalityLuts[0],
    pixelSpacing: fixedLength<[number, number]>(readNumbers(dataSet, key(0x00280030), 'DS'), 2),
    sliceThickness: readNumber(dataSet, key(0x00180050), 'DS'),
    spacingBetweenSlices: readNumber(dataSet, key(0x00180088), 'DS'),
    imagePositionPatient: fixedLength<[number, number, number]>(readNumbers(dataSet, key(0x00200032), 'DS'), 3),
    imageOrientationPatient: fixedLength<[number, number, number, number, number, number]>(readNumbers(dataSet, key(0x00200037), 'DS'), 6),
    echoTime: readNumber(dataSet, key(0x00180081), 'DS'),
    repetitionTime: readNumber(dataSet, key(0x00180080), 'DS'),
    inversionTime: readNumber(dataSet, key(0x00180082), 'DS'),
    scanningSequence: readString(dataSet, key(0x00180020)),
    sequenceName: readString(dataSet, key(0x00180024)),
    magneticFieldStrength: readNumber(dataSet, key(0x00180087), 'DS'),
    get: (tag) => {
      try {
        return readAttribute(dataSet, tag);
      } catch (error) {
        throw toDicomError(error);
      }
    },
  };
  attachInternals(image, { dataSet, pixelData });
  return image;
}
