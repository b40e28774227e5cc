import { SpineDxError } from '@spinedx/core';

/** A model bundle is missing a file, fails its checksum, or has an invalid manifest. `file` names the culprit. */
export class BundleError extends SpineDxError {
  constructor(
    message: string,
    code: 'MISSING_FILE' | 'CHECKSUM_MISMATCH' | 'INVALID_MANIFEST' | 'UNSUPPORTED_VERSION' | 'WRITE_FAILED',
    readonly file?: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, { code, cause: options.cause });
    this.name = 'BundleError';
  }
}
