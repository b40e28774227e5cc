import { SpineDxError } from '@spinedx/core';

/** Plain-words explanations of the DicomError codes a user can meet when opening files. */
const DICOM_ERROR_TEXT: Readonly<Record<string, string>> = {
  NOT_DICOM: 'is not a DICOM file (it has no DICOM header). Open the .dcm files of an MR series.',
  TRUNCATED: 'is cut short: the file ends before its data does. Copy it again from the source.',
  UNSUPPORTED_TRANSFER_SYNTAX: 'uses a compression (transfer syntax) this viewer cannot decode. Export the series uncompressed or as JPEG-LS / JPEG 2000 / RLE.',
  MISSING_PIXEL_DATA: 'has no image in it (for example a report or a structured document).',
  PIXEL_DATA_TOO_SHORT: 'holds less image data than its size says: the file is damaged.',
  INVALID_DIMENSIONS: 'declares an image size that makes no sense (rows, columns or bits).',
  INVALID_ATTRIBUTE: 'has an attribute with an invalid value.',
  DECODE_FAILED: 'has compressed image data that could not be decoded: the file is damaged.',
  INVALID_ARGUMENT: 'could not be read.',
};

/**
 * One sentence saying why `fileName` could not be opened, for people: the DicomError code in plain words,
 * followed by the code itself so a technician can look it up.
 */
export function describeFileError(fileName: string, error: unknown): string {
  if (SpineDxError.isInstance(error)) {
    const text = DICOM_ERROR_TEXT[error.code] ?? `could not be read (${error.message}).`;
    const transferSyntax = error.code === 'UNSUPPORTED_TRANSFER_SYNTAX' ? / received ([0-9.]+)/.exec(error.message)?.[1] : undefined;
    return `“${fileName}” ${text}${transferSyntax ? ` Its transfer syntax is ${transferSyntax}.` : ''} [${error.code}]`;
  }
  return `“${fileName}” could not be read: ${error instanceof Error ? error.message : String(error)}`;
}
