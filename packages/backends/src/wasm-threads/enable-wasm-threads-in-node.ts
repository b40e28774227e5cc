import { InvalidArgumentError } from '@spinedx/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Worker } from 'node:worker_threads';
import { detectEnvironment } from '../environment';
import { describeImportFailure, importOptional } from '../optional-import';
import type { ThreadedWasmModule } from './threaded-wasm-module';
import { INITIAL_MEMORY_BYTES, instantiateThreadedWasm, MAXIMUM_MEMORY_BYTES, PAGE_BYTES } from './threaded-wasm-module';
import { WasmThreadsError } from './wasm-threads-error';

/** Options of `enableWasmThreadsInNode`. */
export interface WasmThreadsOptions {
  /**
   * XNNPACK threads, the calling thread included: 1 to 8 (the build pre-creates 8 workers), or `'auto'` for
   * `os.availableParallelism()` capped at 8. Default `'auto'`.
   */
  threads?: number | 'auto';
  /**
   * Keep the process alive while the pool exists. Default false: the pool's workers are unref'd, so a CLI exits
   * when its work is done (Node ends the idle workers at exit) without calling `shutdown()`.
   */
  keepProcessAlive?: boolean;
  /**
   * The most the WebAssembly heap may grow to, in bytes: whole 64 KiB pages from 16 MiB up to the build's limit
   * (4 GiB less one page, the default). A batch that needs more fails with `BackendFailureError`
   * (`'BACKEND_OUT_OF_MEMORY'`) before the process takes that much memory.
   */
  maximumMemoryBytes?: number;
}

/** The running threaded backend. */
export interface WasmThreadsHandle {
  /** Threads in XNNPACK's pool, the calling thread included (tfjs's `getThreadsCount()`). */
  readonly threads: number;
  /** Node worker threads serving the pool (`threads - 1`). */
  readonly workers: number;
  /**
   * Removes the threaded 'wasm' backend (its tensors become unusable: dispose them first), ends its workers, and
   * registers tfjs's stock single-threaded 'wasm' backend again. Idempotent.
   */
  shutdown(): Promise<void>;
}

/** tfjs-backend-wasm's exports that the threaded backend reuses (the kernels are registered under 'wasm'). */
interface WasmPackage {
  BackendWasm: new (module: ThreadedWasmModule) => tf.KernelBackend;
  setThreadsCount(threads: number): void;
  getThreadsCount(): number;
}

const WASM_PACKAGE = '@tensorflow/tfjs-backend-wasm';
/** tfjs-backend-wasm registers itself with priority 2; the threaded factory takes the same place. */
const WASM_PRIORITY = 2;
const MAX_THREADS = 8;

let active: WasmThreadsHandle | null = null;

async function resolveThreads(threads: number | 'auto'): Promise<number> {
  if (threads === 'auto') {
    const os = await importOptional<typeof import('node:os')>('node:os');
    return Math.min(MAX_THREADS, Math.max(1, os.availableParallelism()));
  }
  if (!Number.isInteger(threads) || threads < 1 || threads > MAX_THREADS) {
    throw new InvalidArgumentError(`enableWasmThreadsInNode: expected options.threads to be 'auto' or an integer from 1 to ${MAX_THREADS}; received ${String(threads)}`, {
      code: 'INVALID_THREADS',
    });
  }
  return threads;
}

function checkMaximumMemory(bytes: number | undefined): void {
  if (bytes === undefined) return;
  if (!Number.isInteger(bytes) || bytes % PAGE_BYTES !== 0 || bytes < INITIAL_MEMORY_BYTES || bytes > MAXIMUM_MEMORY_BYTES) {
    throw new InvalidArgumentError(
      `enableWasmThreadsInNode: expected options.maximumMemoryBytes to be a multiple of ${PAGE_BYTES} from ${INITIAL_MEMORY_BYTES} to ${MAXIMUM_MEMORY_BYTES}; received ${String(bytes)}`,
      { code: 'INVALID_MAXIMUM_MEMORY' },
    );
  }
}

async function loadWasmPackage(): Promise<WasmPackage> {
  try {
    return await importOptional<WasmPackage>(WASM_PACKAGE);
  } catch (error) {
    throw new WasmThreadsError(`enableWasmThreadsInNode: expected ${WASM_PACKAGE} to be installed; received: ${describeImportFailure(WASM_PACKAGE, error)}`, 'WASM_THREADS_UNSUPPORTED', error);
  }
}

function checkSupport(): void {
  if (detectEnvironment() !== 'node') {
    throw new WasmThreadsError(
      "enableWasmThreadsInNode: expected Node (tfjs flag IS_NODE); received a browser. Browsers get wasm threads from tfjs itself on cross-origin-isolated pages (COOP 'same-origin' + COEP 'require-corp').",
      'WASM_THREADS_UNSUPPORTED',
    );
  }
  if (typeof SharedArrayBuffer !== 'function') {
    throw new WasmThreadsError('enableWasmThreadsInNode: expected SharedArrayBuffer (wasm threads share memory); received a runtime without it', 'WASM_THREADS_UNSUPPORTED');
  }
}

/** Lets the process exit while the pool idles, or holds it open, for every worker emscripten created. */
function setKeepAlive(module: ThreadedWasmModule, keepProcessAlive: boolean): void {
  for (const worker of module.PThread.runningWorkers) {
    if (keepProcessAlive) worker.ref();
    else worker.unref();
  }
}

/**
 * Makes tfjs's 'wasm' backend use several CPU cores in Node, and makes it the active backend.
 *
 * tfjs 4.22 hard-disables wasm threads in Node (`WASM_HAS_MULTITHREAD_SUPPORT` is false when `IS_NODE`, tfjs
 * issue 3830). This loads the threaded-SIMD build that ships in the same package with a Node-compatible pthread
 * worker (a `data:` URL module instead of a `blob:` URL), asks it for `threads` XNNPACK threads, and registers it as
 * 'wasm', so every wasm kernel, `registerTrainingKernels()` and `initBackend({ prefer: ['wasm'] })` use it.
 * The 8 workers emscripten pre-creates beyond the pool are ended at once; the pool's own are unref'd (see
 * `keepProcessAlive`). Opt-in: on a loaded machine, pool threads wait on each other at every operator.
 *
 * A kernel failure that tfjs's C side only prints (an XNNPACK call that failed, e.g. out of memory; a dtype a
 * kernel does not handle) throws `BackendFailureError` from the operation that printed it; tfjs's own loader goes
 * on, returning unwritten memory or, out of memory in this build, hanging. Start again after such an error.
 *
 * @throws InvalidArgumentError (code `'INVALID_THREADS'`) for a thread count outside 1-8, (`'INVALID_MAXIMUM_MEMORY'`)
 *   for a heap limit that is not whole pages within the build's range.
 * @throws WasmThreadsError `'WASM_THREADS_UNSUPPORTED'` outside Node, without SharedArrayBuffer or tfjs-backend-wasm;
 *   `'WASM_THREADS_ACTIVE'` when already enabled (call `shutdown()` first); `'WASM_THREADS_START_FAILED'` when the
 *   module fails to start (the stock 'wasm' backend is registered again).
 */
export async function enableWasmThreadsInNode(options: WasmThreadsOptions = {}): Promise<WasmThreadsHandle> {
  const { threads: requested = 'auto', keepProcessAlive = false, maximumMemoryBytes } = options;
  const threads = await resolveThreads(requested);
  checkMaximumMemory(maximumMemoryBytes);
  checkSupport();
  if (active !== null) {
    throw new WasmThreadsError(`enableWasmThreadsInNode: expected no threaded wasm backend to be running; received one with ${active.threads} threads (call its shutdown() first)`, 'WASM_THREADS_ACTIVE');
  }
  const wasmPackage = await loadWasmPackage();
  const stockFactory = tf.findBackendFactory('wasm');
  // Filled by the factory when tfjs creates the backend (a holder, since closures defeat narrowing).
  const created: { module: ThreadedWasmModule | null } = { module: null };
  const factory = async (): Promise<tf.KernelBackend> => {
    const module = await instantiateThreadedWasm(threads, maximumMemoryBytes);
    created.module = module;
    wasmPackage.setThreadsCount(threads);
    const backend = new wasmPackage.BackendWasm(module);
    // Only the pool's threads are needed: end the workers that run nothing.
    for (const idle of module.PThread.unusedWorkers.splice(0)) void idle.terminate();
    setKeepAlive(module, keepProcessAlive);
    return backend;
  };
  const restoreStock = () => {
    tf.removeBackend('wasm');
    if (stockFactory !== null) tf.registerBackend('wasm', stockFactory, WASM_PRIORITY);
  };
  tf.removeBackend('wasm');
  tf.registerBackend('wasm', factory, WASM_PRIORITY);
  let started: boolean;
  let startError: unknown;
  try {
    started = await tf.setBackend('wasm');
  } catch (error) {
    started = false;
    startError = error;
  }
  const module = created.module;
  if (!started || module === null) {
    restoreStock();
    const reason = startError instanceof Error ? startError.message : "tf.setBackend('wasm') returned false";
    throw new WasmThreadsError(`enableWasmThreadsInNode: expected the threaded-SIMD wasm module to start with ${threads} threads; received: ${reason}`, 'WASM_THREADS_START_FAILED', startError);
  }
  const poolWorkers: Worker[] = [...module.PThread.runningWorkers];
  let stopped = false;
  const handle: WasmThreadsHandle = {
    threads: wasmPackage.getThreadsCount(),
    workers: poolWorkers.length,
    async shutdown() {
      if (stopped) return;
      stopped = true;
      // removeBackend disposes BackendWasm, which frees XNNPACK's pool and hands its workers back to emscripten.
      restoreStock();
      await Promise.all(poolWorkers.map((worker) => worker.terminate()));
      active = null;
    },
  };
  active = handle;
  return handle;
}
