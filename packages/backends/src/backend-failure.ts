import { SpineDxError } from '@spinedx/core';

/** Codes of {@link BackendFailureError}. */
export type BackendFailureCode = 'BACKEND_OUT_OF_MEMORY' | 'BACKEND_ABORTED' | 'BACKEND_KERNEL_FAILED';

/**
 * A backend failed while running, not the caller's input: its memory ran out (`'BACKEND_OUT_OF_MEMORY'`), an
 * earlier failure left its WebAssembly module aborted (`'BACKEND_ABORTED'`), or a library under a kernel reported a
 * failure (`'BACKEND_KERNEL_FAILED'`, e.g. an XNNPACK status). `cause` is the original error.
 */
export class BackendFailureError extends SpineDxError {
  /** The tfjs backend that failed ('wasm', 'cpu', ...). */
  readonly backend: string;

  constructor(message: string, code: BackendFailureCode, backend: string, cause: unknown) {
    super(message, { code, cause });
    this.name = 'BackendFailureError';
    this.backend = backend;
  }
}

// What tfjs's backends throw when memory runs out: the wasm module reads or writes past its heap after a failed
// malloc (wasm32 heaps stop at 4 GiB), emscripten reports a failed heap growth, or V8 cannot allocate a typed array.
const outOfMemoryMessages = [/memory access out of bounds/i, /Aborted\(OOM\)/i, /Cannot enlarge memory/i, /out of memory/i, /Array buffer allocation failed/i];
// After any abort, every later call into the same module fails with this.
const abortedMessage = /^Aborted\(/;

function isWasmRuntimeError(error: unknown): error is Error {
  return typeof WebAssembly !== 'undefined' && error instanceof WebAssembly.RuntimeError;
}

/**
 * Turns a low-level backend failure into a {@link BackendFailureError} whose message says what happened and what to
 * do (a smaller batch or input, another backend, a restart after a WebAssembly abort); any other error (including
 * SpineDx's own typed errors) is returned unchanged. `operation` names the caller in the message, e.g. 'fit'.
 */
export function toBackendFailure(error: unknown, operation: string, backend: string): unknown {
  if (SpineDxError.isInstance(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  const wasm = isWasmRuntimeError(error);
  if (wasm && abortedMessage.test(message)) {
    return new BackendFailureError(
      `${operation}: the ${backend} backend's WebAssembly module has aborted after an earlier failure (${message.split('.')[0]}); start a new process (or register a fresh backend) before using it again`,
      'BACKEND_ABORTED',
      backend,
      error,
    );
  }
  if ((wasm || error instanceof RangeError) && outOfMemoryMessages.some((pattern) => pattern.test(message))) {
    const limit = wasm ? ' (a WebAssembly heap stops at 4 GiB)' : '';
    const restart = wasm ? '; the WebAssembly module has aborted, so start a new process before using this backend again' : '';
    return new BackendFailureError(
      `${operation}: the ${backend} backend ran out of memory${limit} (${message}); use a smaller batch size or input size, or another backend${restart}`,
      'BACKEND_OUT_OF_MEMORY',
      backend,
      error,
    );
  }
  return error;
}
