import { SpineDxError } from '@spinedx/core';

/** Why the threaded wasm backend could not be enabled, started or shut down. */
export type WasmThreadsErrorCode = 'WASM_THREADS_UNSUPPORTED' | 'WASM_THREADS_ACTIVE' | 'WASM_THREADS_START_FAILED';

/**
 * The multi-threaded wasm backend is unavailable here (`'WASM_THREADS_UNSUPPORTED'`: not Node, no
 * SharedArrayBuffer, tfjs-backend-wasm not installed), already enabled (`'WASM_THREADS_ACTIVE'`), or failed to
 * start (`'WASM_THREADS_START_FAILED'`, with the underlying error as `cause`).
 */
export class WasmThreadsError extends SpineDxError {
  declare readonly code: WasmThreadsErrorCode;

  constructor(message: string, code: WasmThreadsErrorCode, cause?: unknown) {
    super(message, { code, cause });
    this.name = 'WasmThreadsError';
  }
}
