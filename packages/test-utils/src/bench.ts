import { spawnSync } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { pythonExecutable } from './python';

/** One row of bench/results.json. `referenceMs` is null when there is no reference figure (tool not installed, or it cannot run this case). */
export interface BenchRow {
  task: string;
  model: string;
  backend: string;
  batch: number;
  oursMs: number;
  reference: string;
  referenceMs: number | null;
  ratio: number | null;
  /** Anything else worth keeping (throughput, MB/s, peak memory...). */
  extra?: Record<string, number | string>;
}

/**
 * Wall time in milliseconds of `fn` after `warmup` untimed calls: the median of `iterations` runs, or with
 * `statistic: 'min'` the best run (the figure least disturbed by other jobs on a shared machine; compare it with a
 * reference measured the same way).
 */
export async function measureMs(
  fn: () => unknown | Promise<unknown>,
  options: { warmup?: number; iterations?: number; statistic?: 'median' | 'min' } = {},
): Promise<number> {
  const { warmup = 1, iterations = 5, statistic = 'median' } = options;
  for (let index = 0; index < warmup; index++) await fn();
  const times: number[] = [];
  for (let index = 0; index < iterations; index++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return statistic === 'min' ? times[0]! : times[Math.floor(times.length / 2)]!;
}

/**
 * The Python side of {@link measureMs} with `statistic: 'min'`, to paste at the top of a reference script (after
 * `import time`): `best(fn, warmup, iterations)` returns the best wall time of `fn` in milliseconds.
 */
export const PYTHON_BEST_OF = `def best(fn, warmup, iterations):
    for _ in range(warmup): fn()
    times = []
    for _ in range(iterations):
        start = time.perf_counter(); fn(); times.append((time.perf_counter() - start) * 1000)
    return min(times)
`;

/**
 * Python defining `set_threads(threads)` for reference scripts (after `import torch`): sets PyTorch's thread count
 * and that of the OpenBLAS library Debian's PyTorch runs its matrix products on. `torch.set_num_threads` alone leaves
 * OpenBLAS's own pool at one thread per core, so a "1-thread" reference would still multiply matrices on every core.
 */
export const PYTHON_SET_THREADS = `def set_threads(threads):
    import ctypes, re
    torch.set_num_threads(threads)
    try:
        with open('/proc/self/maps') as maps:
            libraries = set(re.findall(r'(/\\S*blas\\S*\\.so[.0-9]*)', maps.read()))
    except OSError:
        libraries = set()
    for path in libraries:
        library = ctypes.CDLL(path)
        if hasattr(library, 'openblas_set_num_threads'):
            library.openblas_set_num_threads(threads)
`;

/** Prints a row as "ours vs reference = ratio" and appends it to the file `pnpm bench` gathers. */
export function recordBenchRow(row: Omit<BenchRow, 'ratio'> & { ratio?: number | null }): BenchRow {
  const ratio = row.ratio !== undefined ? row.ratio : row.referenceMs === null ? null : row.oursMs / row.referenceMs;
  const full: BenchRow = { ...row, ratio };
  const reference = full.referenceMs === null ? `${full.reference}: no reference figure` : `${full.reference} ${full.referenceMs.toFixed(2)} ms`;
  const ratioText = ratio === null ? '' : `  ratio ${ratio.toFixed(2)}x`;
  console.log(`${full.task} ${full.model} [${full.backend}, batch ${full.batch}]: ours ${full.oursMs.toFixed(2)} ms | ${reference}${ratioText}`);
  const target = process.env.SPINEDX_BENCH_RESULTS;
  if (target) appendFileSync(target, `${JSON.stringify(full)}\n`);
  return full;
}

/**
 * Runs a Python script with {@link pythonExecutable} (Debian's python3) and parses the JSON it prints last. Returns null when python3 or a
 * module it imports is missing, so the reference column stays null instead of failing the benchmark.
 */
export function runPythonJson<T>(script: string, args: string[] = [], env: Record<string, string> = {}): T | null {
  const result = spawnSync(pythonExecutable(), ['-c', script, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  if (result.error || result.status !== 0) {
    const reason = result.error?.message ?? result.stderr.trim().split('\n').at(-1) ?? 'unknown error';
    console.log(`reference skipped: ${reason}`);
    return null;
  }
  const lines = result.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as T;
}
