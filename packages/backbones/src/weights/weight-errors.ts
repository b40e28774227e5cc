import { SpineDxError } from '@spinedx/core';

/** A state dict does not fit a backbone: lists every missing, unexpected and wrongly-shaped key. */
export class WeightMismatchError extends SpineDxError {
  readonly missing: readonly string[];
  readonly unexpected: readonly string[];
  readonly wrongShape: readonly { name: string; expected: readonly number[]; received: readonly number[] }[];

  constructor(
    message: string,
    details: { missing?: string[]; unexpected?: string[]; wrongShape?: { name: string; expected: readonly number[]; received: readonly number[] }[] },
  ) {
    super(message, { code: 'WEIGHT_MISMATCH' });
    this.name = 'WeightMismatchError';
    this.missing = details.missing ?? [];
    this.unexpected = details.unexpected ?? [];
    this.wrongShape = details.wrongShape ?? [];
  }
}

/** A safetensors file is malformed (bad header length, bad JSON, offsets outside the buffer, unknown dtype). */
export class SafetensorsError extends SpineDxError {
  constructor(message: string, code = 'INVALID_SAFETENSORS') {
    super(message, { code });
    this.name = 'SafetensorsError';
  }
}
