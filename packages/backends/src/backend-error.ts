import { SpineDxError } from '@spinedx/core';
import type { BackendName } from './capabilities';

/** Why one backend could not start, as collected by `initBackend`. */
export interface BackendAttempt {
  /** The backend that was tried. */
  name: BackendName;
  /** What was missing or failed, in words. */
  reason: string;
}

/**
 * No requested backend could start (code `'BACKEND_UNAVAILABLE'`). `attempts` lists every backend that was tried
 * and why it failed; `cause` is the last underlying error.
 */
export class BackendUnavailableError extends SpineDxError {
  /** Each backend tried, in order, with the reason it did not start. */
  readonly attempts: readonly BackendAttempt[];

  constructor(message: string, attempts: readonly BackendAttempt[], cause?: unknown) {
    super(message, { code: 'BACKEND_UNAVAILABLE', cause });
    this.name = 'BackendUnavailableError';
    this.attempts = attempts;
  }
}
