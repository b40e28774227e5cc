// What the CPU inference and training benches share: the backbones they load, the model list, one child process
// per configuration (with a timeout), and PyTorch's reference run once with the thread count of each wasm row.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { enableWasmThreadsInNode, registerTrainingKernels } from '@spinedx/backends';
import { nativeKernelsAvailable, registerNativeKernels } from '@spinedx/backends/native';
import { runPythonJson } from '@spinedx/test-utils';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

/** The part of a @spinedx/backbones backbone the benches use. */
export interface BackboneLike {
  numClasses: number;
  predict(input: tf.Tensor4D): tf.Tensor2D;
  forward(input: tf.Tensor4D, options?: { training?: boolean; seed?: number }): tf.Tensor2D;
  trainableVariables(): tf.Variable[];
  dispose(): void;
}

interface BackbonesModule {
  createBackbone(name: string, options?: { inputShape?: readonly [number, number, number]; numClasses?: number }): BackboneLike;
  getPretrainedConfig(name: string): { inputSize: readonly [number, number, number] };
}

/** The paper's backbones, each with a PyTorch reference (see PYTHON_BUILD_MODEL). */
export const paperModels = ['resnet34', 'resnet101', 'efficientnet_b3', 'mvitv2_tiny'];

/**
 * Python defining `build_model(name, num_classes)` for the reference scripts: torchvision's model, except
 * mvitv2_tiny, which torchvision lacks and timm (not in Debian) cannot provide: bench/torch_mvitv2.py rebuilds timm's
 * architecture on plain PyTorch (src/reference/torch-mvitv2-reference.test.ts matches it to timm's golden logits).
 */
export const PYTHON_BUILD_MODEL = `import sys
sys.path.insert(0, ${JSON.stringify(fileURLToPath(new URL('.', import.meta.url)))})
def build_model(name, num_classes):
    if name == 'mvitv2_tiny':
        from torch_mvitv2 import mvitv2_tiny
        return mvitv2_tiny(num_classes=num_classes)
    import torchvision
    return getattr(torchvision.models, name)(num_classes=num_classes)
`;

/** What the reference of a model's rows is called next to the PyTorch version and thread count. */
const referenceSource = (model: string) => (model === 'mvitv2_tiny' ? 'timm mvitv2_tiny architecture, bench/torch_mvitv2.py' : `torchvision ${model}`);

/** The paper's models named in a comma-separated filter (all when it is unset). */
export function modelsIn(filter: string | undefined): string[] {
  return paperModels.filter((model) => filter?.split(',').includes(model) ?? true);
}

/**
 * @spinedx/backbones depends on this package (dev), so it cannot be a dependency here (a cycle): the benches load
 * its built entry from the workspace (`pnpm bench` builds first).
 */
export async function loadBackbones(): Promise<BackbonesModule> {
  return (await import(new URL('../../backbones/dist/index.js', import.meta.url).href)) as BackbonesModule;
}

// A configuration that does not finish in this time is reported as failed and the bench goes on (the threaded
// wasm build once hung in malloc on resnet101 at 2 threads, before XNNPACK failures became errors).
const childTimeoutMs = Number(process.env.SPINEDX_BENCH_CHILD_TIMEOUT_MINUTES ?? 15) * 60_000;

/** Runs `benchFile --child ...args` (after `nodeArguments` for Node) and returns the JSON of its last output line, or null after saying why. */
export function runChildProcess(benchFile: string, args: string[], nodeArguments: readonly string[] = []): unknown {
  const child = spawnSync(process.execPath, [...process.execArgv, ...nodeArguments, benchFile, '--child', ...args], {
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
    timeout: childTimeoutMs,
    killSignal: 'SIGKILL',
  });
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status === 0 && line.startsWith('{')) return JSON.parse(line) as unknown;
  if (child.signal === 'SIGKILL') console.log(`${args.join(' ')}: did not finish in ${childTimeoutMs / 60_000} min, stopped`);
  else console.log(`${args.join(' ')}: failed (exit ${child.status}): ${child.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  return null;
}

/**
 * Runs a PyTorch reference script (Debian's python3) on `models`, each at its native size (argv[1] is
 * `[{ model, size }]`; the script builds them with PYTHON_BUILD_MODEL) and prints `{ version, models }`. Returns that
 * result (null when PyTorch is missing) and the reference's name for a model's wasm row with a given thread count.
 */
export async function runTorchReference<Models>(
  script: string,
  models: readonly string[],
  runs: string,
): Promise<{ torch: { version: string; models: Models } | null; referenceName(threads: number, model: string): string }> {
  const { getPretrainedConfig } = await loadBackbones();
  const specs = models.map((model) => ({ model, size: getPretrainedConfig(model).inputSize[1] }));
  const torch = runPythonJson<{ version: string; models: Models }>(script, [JSON.stringify(specs)], {
    OMP_NUM_THREADS: '2',
    OPENBLAS_NUM_THREADS: '2',
    PATH: `/usr/bin:${process.env.PATH ?? ''}`,
  });
  const referenceName = (threads: number, model: string) =>
    `pytorch-${torch?.version ?? 'cpu'}-cpu-${threads === 1 ? '1-thread' : `${threads}-threads`} (${referenceSource(model)}; ${runs})`;
  return { torch, referenceName };
}

/**
 * How a bench child computes: wasm's own kernels on 1 or more threads, or the native (oneDNN) kernels in front of
 * single-thread wasm, or in front of the cpu backend (`backend: 'cpu'`: its tensors live in JS memory, so the steps
 * that outgrow wasm's 4 GiB heap still run).
 */
export interface CpuMode {
  threads: number;
  native: boolean;
  backend?: 'wasm' | 'cpu';
}

/** The `backend` of a result row, e.g. 'wasm-2-threads', 'wasm+native-1-thread' or 'cpu+native-1-thread'. */
export function modeLabel({ threads, native, backend = 'wasm' }: CpuMode): string {
  return `${backend}${native ? '+native' : ''}-${threads === 1 ? '1-thread' : `${threads}-threads`}`;
}

/** Why the native modes cannot run (printed, and those rows skipped), or undefined when they can. */
export function nativeUnavailableReason(): string | undefined {
  const availability = nativeKernelsAvailable();
  return availability.available ? undefined : availability.reason;
}

/**
 * Starts the mode's backend for a bench child with the training kernels: wasm threaded (enableWasmThreadsInNode)
 * for its own kernels on several threads, single-threaded otherwise; the native modes put the oneDNN kernels in
 * front of it, computing on `threads` threads. Returns the compute threads.
 */
export async function startCpuMode({ threads, native, backend = 'wasm' }: CpuMode): Promise<number> {
  tf.env().set('PROD', true);
  registerTrainingKernels({ backends: [backend] });
  if (backend === 'wasm' && !native && threads > 1) return (await enableWasmThreadsInNode({ threads })).threads;
  await tf.setBackend(backend);
  if (!native) return 1;
  return registerNativeKernels({ backends: [backend], threads }).threads;
}
