const marker = Symbol.for('spinedx.error');

/** Options accepted by every SpineDx error. */
export interface SpineDxErrorOptions {
  /** Machine-readable reason, e.g. `'TRUNCATED'` or `'SHAPE_MISMATCH'`. */
  code: string;
  /** The underlying error, if any. */
  cause?: unknown;
}

/**
 * Base class of every error thrown by SpineDx packages.
 *
 * Each carries a string `code`. `SpineDxError.isInstance` works across package copies
 * (it checks a `Symbol.for` marker instead of the prototype chain).
 */
export class SpineDxError extends Error {
  private readonly [marker] = true;
  /** Machine-readable reason. */
  readonly code: string;

  constructor(message: string, options: SpineDxErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SpineDxError';
    this.code = options.code;
  }

  /** True when `error` is a SpineDx error, whichever copy of this package created it. */
  static isInstance(error: unknown): error is SpineDxError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }
}

/** A function argument is out of range, of the wrong type, or inconsistent with another argument. */
export class InvalidArgumentError extends SpineDxError {
  constructor(message: string, options: Partial<SpineDxErrorOptions> = {}) {
    super(message, { code: options.code ?? 'INVALID_ARGUMENT', cause: options.cause });
    this.name = 'InvalidArgumentError';
  }
}

/** Tensor or image shapes do not fit together. */
export class ShapeError extends SpineDxError {
  constructor(message: string, options: Partial<SpineDxErrorOptions> = {}) {
    super(message, { code: options.code ?? 'SHAPE_MISMATCH', cause: options.cause });
    this.name = 'ShapeError';
  }
}
