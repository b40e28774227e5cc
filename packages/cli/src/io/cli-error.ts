import { SpineDxError } from '@spinedx/core';
import { EXIT_CODES, type ExitCode } from './exit-codes';

/** Reasons a command stops on its input. */
export type CliErrorCode = 'FILE_NOT_FOUND' | 'NOT_DICOM' | 'INVALID_BUNDLE' | 'INVALID_CSV' | 'LABELS_MISMATCH' | 'INVALID_OPTION';

const exitCodeOf: Record<CliErrorCode, ExitCode> = {
  FILE_NOT_FOUND: EXIT_CODES.notFound,
  NOT_DICOM: EXIT_CODES.notDicom,
  INVALID_BUNDLE: EXIT_CODES.invalidBundle,
  INVALID_CSV: EXIT_CODES.invalidData,
  LABELS_MISMATCH: EXIT_CODES.invalidData,
  INVALID_OPTION: EXIT_CODES.usage,
};

/** A command's input is wrong in a way the user can fix; the message is the one line the CLI prints. */
export class CliError extends SpineDxError {
  declare readonly code: CliErrorCode;
  /** The process exit code this error maps to. */
  readonly exitCode: ExitCode;

  constructor(message: string, code: CliErrorCode, options: { cause?: unknown } = {}) {
    super(message, { code, cause: options.cause });
    this.name = 'CliError';
    this.exitCode = exitCodeOf[code];
  }
}

// Codes of sibling packages' errors, mapped to the CLI's exit codes.
const siblingCodes: Record<string, ExitCode> = {
  NOT_DICOM: EXIT_CODES.notDicom,
  TRUNCATED: EXIT_CODES.notDicom,
  MISSING_PIXEL_DATA: EXIT_CODES.notDicom,
  PIXEL_DATA_TOO_SHORT: EXIT_CODES.notDicom,
  UNSUPPORTED_TRANSFER_SYNTAX: EXIT_CODES.notDicom,
  DECODE_FAILED: EXIT_CODES.notDicom,
  FILE_NOT_FOUND: EXIT_CODES.notFound,
  ENOENT: EXIT_CODES.notFound,
};

/** The exit code for any thrown value: CLI errors carry their own; bundle and DICOM errors of siblings are mapped by code. */
export function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof CliError) return error.exitCode;
  if (SpineDxError.isInstance(error)) {
    if (error.name === 'BundleError') return EXIT_CODES.invalidBundle;
    if (error.name === 'DatasetError') return EXIT_CODES.invalidData;
    return siblingCodes[error.code] ?? EXIT_CODES.usage;
  }
  if (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'ENOENT') return EXIT_CODES.notFound;
  return EXIT_CODES.internal;
}
