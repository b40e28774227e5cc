import { describe, expect, it } from 'vitest';
import { PYTHON_SET_THREADS, runPythonJson } from './bench';
import { hasPythonModules } from './tools';

// Runs where Debian's python3-torch is installed (the benches install it; CI's test job does not) and skips elsewhere.
const torchInstalled = hasPythonModules('torch');

// Each BLAS library the process loaded that has OpenBLAS's thread control, with its thread count after set_threads.
const script = `
import ctypes, json, re, sys
import torch
${PYTHON_SET_THREADS}torch.mm(torch.ones(64, 64), torch.ones(64, 64))
set_threads(int(sys.argv[1]))
libraries = set(re.findall(r'(/\\S*blas\\S*\\.so[.0-9]*)', open('/proc/self/maps').read()))
blas = {path: ctypes.CDLL(path).openblas_get_num_threads() for path in libraries if hasattr(ctypes.CDLL(path), 'openblas_get_num_threads')}
print(json.dumps({'torch': torch.get_num_threads(), 'openblas': blas}))
`;

describe.runIf(torchInstalled && process.platform === 'linux')('PYTHON_SET_THREADS', () => {
  it.each([1, 2])('should set PyTorch and OpenBLAS to %i thread(s)', (threads) => {
    const result = runPythonJson<{ torch: number; openblas: Record<string, number> }>(script, [String(threads)], { OPENBLAS_NUM_THREADS: '', OMP_NUM_THREADS: '' });
    expect(result).not.toBeNull();
    expect(result!.torch).toBe(threads);
    expect(Object.keys(result!.openblas).length).toBeGreaterThan(0); // Debian's PyTorch multiplies on OpenBLAS
    for (const count of Object.values(result!.openblas)) expect(count).toBe(threads);
  });
});
