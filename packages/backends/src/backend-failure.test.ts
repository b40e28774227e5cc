import { InvalidArgumentError } from '@spinedx/core';
import { describe, expect, it } from 'vitest';
import { BackendFailureError, toBackendFailure } from './backend-failure';

describe('toBackendFailure', () => {
  it('should name a WebAssembly heap exhaustion, the 4 GiB limit and the way out', () => {
    const original = new WebAssembly.RuntimeError('memory access out of bounds');
    const failure = toBackendFailure(original, 'fit', 'wasm');
    expect(failure).toBeInstanceOf(BackendFailureError);
    expect(failure).toMatchObject({ code: 'BACKEND_OUT_OF_MEMORY', backend: 'wasm', cause: original });
    expect((failure as Error).message).toMatch(/^fit: the wasm backend ran out of memory \(a WebAssembly heap stops at 4 GiB\)/);
    expect((failure as Error).message).toMatch(/smaller batch size or input size, or another backend/);
    expect((failure as Error).message).toMatch(/start a new process/);
  });

  it('should say that an aborted WebAssembly module needs a restart', () => {
    const failure = toBackendFailure(new WebAssembly.RuntimeError('Aborted(). Build with -sASSERTIONS for more info.'), 'predict', 'wasm');
    expect(failure).toMatchObject({ code: 'BACKEND_ABORTED', backend: 'wasm' });
    expect((failure as Error).message).toBe(
      "predict: the wasm backend's WebAssembly module has aborted after an earlier failure (Aborted()); start a new process (or register a fresh backend) before using it again",
    );
  });

  it('should treat a failed typed-array allocation of the JS backends as running out of memory', () => {
    const failure = toBackendFailure(new RangeError('Array buffer allocation failed'), 'evaluate', 'cpu');
    expect(failure).toMatchObject({ code: 'BACKEND_OUT_OF_MEMORY', backend: 'cpu' });
    expect((failure as Error).message).not.toMatch(/WebAssembly/);
  });

  it('should return every other error unchanged', () => {
    const typed = new InvalidArgumentError('fit: bad', { code: 'INVALID_LABEL' });
    const plain = new Error('memory access out of bounds');
    const otherRange = new RangeError('Invalid array length');
    const otherWasm = new WebAssembly.RuntimeError('unreachable');
    for (const error of [typed, plain, otherRange, otherWasm, 'text']) expect(toBackendFailure(error, 'fit', 'wasm')).toBe(error);
  });
});
