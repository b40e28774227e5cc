import { BackendFailureError } from '../backend-failure';

// What tfjs's wasm C side prints when a kernel fails, before it goes on as if it had not: a failed XNNPACK call
// (the operator it could not create then runs anyway; out of memory, resnet101's 2-thread training step hung in
// malloc after it) or a dtype its kernel does not handle (the output keeps whatever memory it was given).
// emscripten hands the module's standard error over a line at a time, and a line it was printing when a handler
// threw stays at the front of the next one, so the last report in a line is the newest.
const failureReports =
  /XNN status for (\w+) is not successful\. Got status (\d+)|([A-Z]\w*) (?:with weights tensor id \d+ |for tensor ids? [\d, and]*)?failed\. (?:Unknown|Unsupported) (?:weights )?dtype (\d+)/g;
const XNN_OUT_OF_MEMORY = 6;
const RESTART = 'start a new process (or shut down and enable the threaded backend again) before using it again';

/**
 * The `BackendFailureError` for a line of the threaded wasm module's standard error that reports a failed kernel,
 * or null for any other line. `heapLimit` describes the heap's maximum for an out-of-memory message.
 */
export function kernelFailureFromLine(line: string, heapLimit: string): BackendFailureError | null {
  const report = [...line.matchAll(failureReports)].at(-1);
  if (report === undefined) return null;
  const [text, xnnCall, xnnStatus, kernel, dtype] = report;
  if (xnnCall !== undefined && Number(xnnStatus) === XNN_OUT_OF_MEMORY) {
    return new BackendFailureError(
      `threaded wasm backend: XNNPACK ran out of memory in ${xnnCall} (this heap stops at ${heapLimit}); use a smaller batch size or input size, or another backend, and ${RESTART}`,
      'BACKEND_OUT_OF_MEMORY',
      'wasm',
      new Error(text),
    );
  }
  const what = xnnCall !== undefined ? `XNNPACK's ${xnnCall} failed with status ${xnnStatus}` : `its ${kernel} kernel does not handle dtype ${dtype} (tfjs's wasm dtype code)`;
  return new BackendFailureError(`threaded wasm backend: ${what}, and tfjs would have returned that operation's unwritten output; ${RESTART}`, 'BACKEND_KERNEL_FAILED', 'wasm', new Error(text));
}

/**
 * The module's standard-error printer: a line that reports a failed kernel throws, out through the wasm frames of
 * the kernel that printed it, so that operation fails before the C side goes on; other lines go to `print`.
 * The unwound print leaves the module's C stdio mid-write (a later report can be lost), one more reason the
 * error says to start again.
 */
export function failureThrowingPrinter(print: (line: string) => void, heapLimit: string): (line: string) => void {
  return (line) => {
    const failure = kernelFailureFromLine(line, heapLimit);
    if (failure !== null) throw failure;
    print(line);
  };
}
