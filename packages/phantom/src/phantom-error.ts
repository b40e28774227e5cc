import { SpineDxError } from '@spinedx/core';

/** Reasons the phantom generator rejects its input. */
export type PhantomErrorCode =
  | 'INVALID_SEED'
  | 'INVALID_PATIENT_COUNT'
  | 'INVALID_SITES'
  | 'INVALID_CLASS_BALANCE'
  | 'INVALID_SLICE_COUNT'
  | 'INVALID_PLAN'
  | 'INVALID_OPTION';

/** Thrown for an invalid cohort option, site specification or patient plan; `code` says which. */
export class PhantomError extends SpineDxError {
  declare readonly code: PhantomErrorCode;

  constructor(message: string, code: PhantomErrorCode, options: { cause?: unknown } = {}) {
    super(message, { code, cause: options.cause });
    this.name = 'PhantomError';
  }
}
