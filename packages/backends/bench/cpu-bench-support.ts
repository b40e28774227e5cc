// What the CPU inference and training benches share: the backbones they load, the model list, one child process
// per configuration (with a timeout), and PyTorch's reference run once with the thread count of each wasm row.
import { spawnSync } from 'node:child_process';
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

/** The paper's backbones; those torchvision has too get a PyTorch reference (timm is not in Debian). */
export const paperModels = ['resnet34', 'resnet101', 'efficientnet_b3', 'mvitv2_tiny'];
export const torchvisionModels = ['resnet34', 'resnet101', 'efficientnet_b3'];

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

// A configuration that does not finish in this time is reported as failed and the bench goes on: the threaded
// wasm build can deadlock in malloc on the biggest models (seen with resnet101 at 2 threads).
const childTimeoutMs = Number(process.env.SPINEDX_BENCH_CHILD_TIMEOUT_MINUTES ?? 15) * 60_000;

/** Runs `benchFile --child ...args` and returns the JSON of its last output line, or null after saying why. */
export function runChildProcess(benchFile: string, args: string[]): unknown {
  const child = spawnSync(process.execPath, [...process.execArgv, benchFile, '--child', ...args], {
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
 * Runs a PyTorch reference script (Debian's python3) on the torchvision models among `models`, each at its native
 * size (argv[1] is `[{ model, size }]`); the script prints `{ version, models }`. Returns that result (null when
 * PyTorch is missing) and the reference's name for a wasm row with a given thread count.
 */
export async function runTorchReference<Models>(
  script: string,
  models: readonly string[],
  runs: string,
): Promise<{ torch: { version: string; models: Models } | null; referenceName(threads: number): string }> {
  const { getPretrainedConfig } = await loadBackbones();
  const specs = torchvisionModels.filter((model) => models.includes(model)).map((model) => ({ model, size: getPretrainedConfig(model).inputSize[1] }));
  const torch = runPythonJson<{ version: string; models: Models }>(script, [JSON.stringify(specs)], {
    OMP_NUM_THREADS: '2',
    OPENBLAS_NUM_THREADS: '2',
    PATH: `/usr/bin:${process.env.PATH ?? ''}`,
  });
  const referenceName = (threads: number) => `pytorch-${torch?.version ?? 'cpu'}-cpu-${threads === 1 ? '1-thread' : `${threads}-threads`} (${runs})`;
  return { torch, referenceName };
}

/** How a bench child computes: wasm's own kernels on 1 or more threads, or the native (oneDNN) kernels in front of single-thread wasm. */
export interface CpuMode {
  threads: number;
  native: boolean;
}

/** The `backend` of a result row, e.g. 'wasm-2-threads' or 'wasm+native-1-thread'. */
export function modeLabel({ threads, native }: CpuMode): string {
  return `wasm${native ? '+native' : ''}-${threads === 1 ? '1-thread' : `${threads}-threads`}`;
}

/** Why the native modes cannot run (printed, and those rows skipped), or undefined when they can. */
export function nativeUnavailableReason(): string | undefined {
  const availability = nativeKernelsAvailable();
  return availability.available ? undefined : availability.reason;
}

/**
 * Starts wasm for a bench child with the training kernels: threaded (enableWasmThreadsInNode) for wasm's own
 * kernels on several threads, single-threaded otherwise; the native mode puts the oneDNN kernels in front, computing
 * on `threads` threads. Returns the compute threads.
 */
export async function startCpuMode({ threads, native }: CpuMode): Promise<number> {
  tf.env().set('PROD', true);
  registerTrainingKernels({ backends: ['wasm'] });
  if (!native && threads > 1) return (await enableWasmThreadsInNode({ threads })).threads;
  await tf.setBackend('wasm');
  if (!native) return 1;
  return registerNativeKernels({ backends: ['wasm'], threads }).threads;
}
