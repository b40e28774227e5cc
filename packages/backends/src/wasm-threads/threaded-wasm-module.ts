import type { Worker } from 'node:worker_threads';
import { importOptional } from '../optional-import';
import { failureThrowingPrinter } from './kernel-failure-lines';

/** The parts of emscripten's pthread bookkeeping (`Module.PThread`) that starting and stopping the pool touch. */
export interface PthreadRegistry {
  /** Workers that run a pthread (XNNPACK's pool threads once the backend exists). */
  runningWorkers: Worker[];
  /** Workers created ahead of time (the build pre-creates 8) that run nothing yet. */
  unusedWorkers: Worker[];
}

/** The emscripten module of `tfjs-backend-wasm-threaded-simd`, as tfjs's `BackendWasm` expects it. */
export interface ThreadedWasmModule {
  PThread: PthreadRegistry;
  cwrap(name: string, returnType: string | null, argumentTypes: string[]): (...args: number[]) => number | void;
  tfjs?: Record<string, unknown>;
}

type EmscriptenFactory = (config: Record<string, unknown>) => Promise<ThreadedWasmModule>;
type InstantiateImports = Record<string, Record<string, unknown>>;

/** Files of `@tensorflow/tfjs-backend-wasm` 4.22 used here: the emscripten glue, its pthread worker and the binary. */
interface ThreadedBuildFiles {
  /** `wasm-out/tfjs-backend-wasm-threaded-simd.js`: CommonJS, exports the emscripten factory. */
  glue: string;
  /** `wasm-out/tfjs-backend-wasm-threaded-simd.worker.js`: exports the worker script as a string. */
  worker: string;
  /** `dist/tfjs-backend-wasm-threaded-simd.wasm`. */
  binary: string;
}

async function locateThreadedBuild(): Promise<{ files: ThreadedBuildFiles; load: (path: string) => unknown }> {
  const { createRequire } = await importOptional<typeof import('node:module')>('node:module');
  const path = await importOptional<typeof import('node:path')>('node:path');
  const require = createRequire(import.meta.url);
  // The package's Node entry is dist/tf-backend-wasm.node.js; the emscripten outputs sit beside dist/.
  const packageRoot = path.dirname(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')));
  const files = {
    glue: path.join(packageRoot, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.js'),
    worker: path.join(packageRoot, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.worker.js'),
    binary: path.join(packageRoot, 'dist', 'tfjs-backend-wasm-threaded-simd.wasm'),
  };
  return { files, load: (file) => require(file) };
}

/**
 * The pthread worker as a `data:` URL module. tfjs hands emscripten a `blob:` URL, which Node's `Worker` rejects
 * (ERR_WORKER_PATH); a data URL needs no file on disk. Node runs it as an ES module, so the CommonJS names the
 * script uses (`require`, `__filename`, which it reports as its location) are defined first.
 */
function workerModuleUrl(workerScript: string, gluePath: string): URL {
  const prelude = `import { createRequire } from 'node:module'; const __filename = ${JSON.stringify(gluePath)}; const require = createRequire(__filename);\n`;
  // The script was stored in a template literal, which turned its "\n" escapes into real line breaks inside
  // string literals; tfjs restores them the same way before making its blob.
  const body = workerScript.replace(/\n/g, '\\n');
  return new URL(`data:text/javascript,${encodeURIComponent(prelude + body)}`);
}

/** WebAssembly's page size, and the threaded build's initial memory (emscripten's INITIAL_MEMORY). */
export const PAGE_BYTES = 65_536;
export const INITIAL_MEMORY_BYTES = 16 * 1024 * 1024;
/** The largest heap emscripten's growth allows in this build (`getHeapMax()`: 4 GiB less one page). */
export const MAXIMUM_MEMORY_BYTES = 4 * 1024 ** 3 - PAGE_BYTES;

/**
 * Instantiates the threaded-SIMD build in Node with a pool of `threads` XNNPACK threads (the caller included).
 *
 * The C side caps the pool at `emscripten_num_logical_cores() / 2` (it assumes two hyper-threads per core), read
 * once when the module starts. That import is the one place to say how many threads we want, so it reports
 * `2 * threads`; `os.cpus()` and every other global stay untouched. `maximumMemoryBytes` (whole pages, checked by
 * the caller) caps the heap below the build's 4 GiB.
 */
export async function instantiateThreadedWasm(threads: number, maximumMemoryBytes?: number): Promise<ThreadedWasmModule> {
  const { files, load } = await locateThreadedBuild();
  const { readFileSync } = await importOptional<typeof import('node:fs')>('node:fs');
  const factory = load(files.glue) as EmscriptenFactory;
  const { wasmWorkerContents } = load(files.worker) as { wasmWorkerContents: string };
  const workerUrl = workerModuleUrl(wasmWorkerContents, files.glue);
  const binary = readFileSync(files.binary);
  const holder = globalThis as { Worker?: unknown };
  const hadWorker = 'Worker' in holder;
  const previousWorker = holder.Worker;
  let rejectInstantiation: (error: unknown) => void = () => {};
  // emscripten only logs an instantiateWasm failure; this promise carries it to the caller instead.
  const instantiationFailed = new Promise<never>((_, reject) => {
    rejectInstantiation = reject;
  });
  const config = {
    // tfjs's C side prints a failed kernel and goes on: here that line throws instead (kernel-failure-lines.ts).
    printErr: failureThrowingPrinter((line) => console.error(line), `${Math.round((maximumMemoryBytes ?? MAXIMUM_MEMORY_BYTES) / 1024 ** 2)} MiB`),
    // emscripten makes this memory itself (16 MiB growing to 4 GiB) unless the module is handed one; a lower
    // maximum is a valid import, and emscripten's heap growth fails at it like at 4 GiB.
    ...(maximumMemoryBytes === undefined ? {} : { wasmMemory: new WebAssembly.Memory({ initial: INITIAL_MEMORY_BYTES / PAGE_BYTES, maximum: maximumMemoryBytes / PAGE_BYTES, shared: true }) }),
    locateFile: (file: string, prefix: string) => (file.endsWith('.worker.js') ? workerUrl : file.endsWith('.wasm') ? files.binary : prefix + file),
    instantiateWasm: (imports: InstantiateImports, receiveInstance: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) => {
      const env = { ...imports.env, emscripten_num_logical_cores: () => 2 * threads };
      WebAssembly.instantiate(binary, { ...imports, env, wasi_snapshot_preview1: env }).then(
        (result) => receiveInstance(result.instance, result.module),
        (error: unknown) => rejectInstantiation(error),
      );
      return {};
    },
  };
  let ready: Promise<ThreadedWasmModule>;
  try {
    // The glue sets globalThis.Worker (worker_threads' Worker) and creates its 8 workers synchronously in this
    // call; nothing needs the global afterwards (the pool takes its threads from those 8), so it is put back.
    ready = factory(config);
  } finally {
    if (hadWorker) holder.Worker = previousWorker;
    else delete holder.Worker;
  }
  const module = await Promise.race([ready, instantiationFailed]);
  // The same C entry points tfjs's own loader binds (backend_wasm.js, init()).
  module.tfjs = {
    init: module.cwrap('init', null, []),
    initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
    getThreadsCount: module.cwrap('get_threads_count', 'number', []),
    registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
    disposeData: module.cwrap('dispose_data', null, ['number']),
    dispose: module.cwrap('dispose', null, []),
  };
  return module;
}
