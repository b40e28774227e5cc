import { SpineDxError } from '@spinedx/core';

/** Reasons a DICOM file can be rejected. */
export type DicomErrorCode =
  | 'NOT_DICOM'
  | 'TRUNCATED'
  | 'UNSUPPORTED_TRANSFER_SYNTAX'
  | 'MISSING_PIXEL_DATA'
  | 'PIXEL_DATA_TOO_SHORT'
  | 'INVALID_DIMENSIONS'
  | 'INVALID_ATTRIBUTE'
  | 'DECODE_FAILED'
  | 'WRITE_FAILED'
  | 'FILE_NOT_FOUND'
  | 'UNKNOWN_KEYWORD'
  | 'INVALID_ARGUMENT';

/** Thrown for malformed, truncated or unsupported DICOM input; `code` says which. */
export class DicomError extends SpineDxError {
  declare readonly code: DicomErrorCode;

  constructor(message: string, code: DicomErrorCode, options: { cause?: unknown } = {}) {
    super(message, { code, cause: options.cause });
    this.name = 'DicomError';
  }
}
