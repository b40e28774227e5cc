import { SpineDxError } from '@spinedx/core';

/** A dataset cannot be built or a sample cannot be read: unreadable file, labels that do not match the images... */
export class DatasetError extends SpineDxError {
  constructor(message: string, code: 'UNREADABLE_SAMPLE' | 'LABELS_MISMATCH' | 'INVALID_LABELS' | 'EMPTY_DATASET', options: { cause?: unknown } = {}) {
    super(message, { code, cause: options.cause });
    this.name = 'DatasetError';
  }
}
