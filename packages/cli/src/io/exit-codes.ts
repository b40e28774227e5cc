/**
 * Exit codes of the `spinedx` command. Scripts can rely on them: 0 success, 2 bad usage, 3–6 bad input of a
 * given kind, 1 anything unexpected (a bug: please report it with the command line).
 */
export const EXIT_CODES = Object.freeze({
  /** Done. */
  ok: 0,
  /** Unexpected failure. */
  internal: 1,
  /** Unknown command or option, missing or invalid option value. */
  usage: 2,
  /** A file or folder given on the command line does not exist or cannot be read. */
  notFound: 3,
  /** A file is not DICOM, or its DICOM cannot be decoded. */
  notDicom: 4,
  /** A model bundle does not verify (missing file, checksum mismatch, unknown format). */
  invalidBundle: 5,
  /** A labels / readers / predictions CSV is malformed or does not match the images or the truth. */
  invalidData: 6,
} as const);

/** One of {@link EXIT_CODES}' values. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
