import { describe, expect, it } from 'vitest';
import { BackendFailureError } from '../backend-failure';
import { failureThrowingPrinter, kernelFailureFromLine } from './kernel-failure-lines';

describe('kernelFailureFromLine', () => {
  it('should call an XNNPACK status 6 running out of memory, with the heap limit', () => {
    const failure = kernelFailureFromLine('XNN status for xnn_create_fully_connected_nc_f32 is not successful. Got status 6. Use -c dbg to see XNN logs.', '80 MiB');
    expect(failure).toBeInstanceOf(BackendFailureError);
    expect(failure).toMatchObject({ code: 'BACKEND_OUT_OF_MEMORY', backend: 'wasm', message: expect.stringContaining('xnn_create_fully_connected_nc_f32 (this heap stops at 80 MiB)') });
    expect((failure?.cause as Error).message).toBe('XNN status for xnn_create_fully_connected_nc_f32 is not successful. Got status 6');
  });

  it.each([
    ['XNN status for xnn_setup_max_pooling2d_nhwc_f32 is not successful. Got status 2. Use -c dbg to see XNN logs.', "XNNPACK's xnn_setup_max_pooling2d_nhwc_f32 failed with status 2"],
    ['Abs for tensor ids 2 failed. Unknown dtype 2', 'its Abs kernel does not handle dtype 2'],
    ['Pow for tensor ids 3 and 4 failed. Unknown dtype 1', 'its Pow kernel does not handle dtype 1'],
    ['ArgMax failed. Unknown dtype 3', 'its ArgMax kernel does not handle dtype 3'],
    ['MaxPoolWithArgmax for tensor id failed. Unknown dtype 2', 'its MaxPoolWithArgmax kernel does not handle dtype 2'],
    ['DenseBincount with weights tensor id 5 failed. Unsupported weights dtype 1', 'its DenseBincount kernel does not handle dtype 1'],
    ['FloorDiv for tensor ids 1 and 2 failed. Unsupported dtype 2', 'its FloorDiv kernel does not handle dtype 2'],
    // A line left over from a report that threw comes first; the newest report is the last one.
    ['Abs for tensor ids 2 failed. Unknown dtype 2Neg for tensor ids 7 failed. Unknown dtype 2', 'its Neg kernel does not handle dtype 2'],
  ])('should call %j a failed kernel', (line, says) => {
    expect(kernelFailureFromLine(line, '4096 MiB')).toMatchObject({ name: 'BackendFailureError', code: 'BACKEND_KERNEL_FAILED', message: expect.stringContaining(says) });
  });

  it.each(['', 'Thread 1: started', 'XNN status for xnn_run_operator is successful', 'warning: unsupported syscall', 'Aborted(OOM)'])('should leave %j alone', (line) => {
    expect(kernelFailureFromLine(line, '4096 MiB')).toBeNull();
  });
});

describe('failureThrowingPrinter', () => {
  it('should print other lines and throw on a failure report', () => {
    const printed: string[] = [];
    const printer = failureThrowingPrinter((line) => printed.push(line), '4096 MiB');
    printer('a note');
    expect(() => printer('Square for tensor ids 4 failed. Unknown dtype 2')).toThrow(BackendFailureError);
    expect(printed).toEqual(['a note']);
  });
});
