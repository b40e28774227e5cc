import * as tf from '@tensorflow/tfjs-core';
import { initBackend, registerTrainingKernels, type BackendName } from '@spinedx/backends';

/** A backend choice on the command line: a name, or `auto` for the fastest available. */
export type BackendChoice = 'auto' | BackendName;

/** What {@link startBackend} started. */
export interface StartedBackend {
  name: string;
  /** The backend's package, plus the native kernels when they serve it. */
  source: string;
  threads?: number;
}

/** Options of {@link startBackend}. */
export interface StartBackendOptions {
  /** Compute threads of the native kernels (default one per core); a training worker gets its share of the cores. */
  nativeThreads?: number;
}

/** Environment variable that turns the native kernels off ('0') for a run that must use tfjs's own kernels. */
export const NATIVE_KERNELS_VARIABLE = 'SPINEDX_NATIVE_KERNELS';

/**
 * Registers the native (oneDNN) kernels in front of the wasm or cpu backend when their addon was built: they are
 * faster than the wasm ones for every backbone, inference and training (packages/backends/bench). Returns what
 * they run on, or undefined when they do not apply, are turned off or are not built.
 */
async function startNativeKernels(backend: string, threads: number | undefined): Promise<string | undefined> {
  if ((backend !== 'wasm' && backend !== 'cpu') || process.env[NATIVE_KERNELS_VARIABLE] === '0') return undefined;
  const native = await import('@spinedx/backends/native');
  if (!native.nativeKernelsAvailable().available) return undefined;
  const info = native.registerNativeKernels({ backends: [backend], ...(threads === undefined ? {} : { threads }) });
  return `native kernels ${info.library}, ${info.threads} thread${info.threads === 1 ? '' : 's'}`;
}

/**
 * Loads the full TensorFlow.js package (it registers the gradients that training and Grad-CAM need), starts the
 * requested backend (or the fastest available, Node order: tensorflow, webgpu, wasm, cpu), registers the training
 * kernels wasm lacks and, where built, the native kernels. A requested backend that is missing fails with the
 * reason instead of falling back.
 */
export async function startBackend(choice: BackendChoice, options: StartBackendOptions = {}): Promise<StartedBackend> {
  await import('@tensorflow/tfjs');
  // Silences the "looks like you are running TensorFlow.js in Node.js" banner on stdout.
  tf.env().set('PROD', true);
  const result = await initBackend(choice === 'auto' ? {} : { prefer: [choice], allowFallback: false });
  registerTrainingKernels();
  const native = await startNativeKernels(result.name, options.nativeThreads);
  const source = native === undefined ? result.source : `${result.source} + ${native}`;
  return { name: result.name, source, ...(result.threads === undefined ? {} : { threads: result.threads }) };
}
