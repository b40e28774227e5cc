import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from './capabilities';
import type { RuntimeEnvironment } from './environment';
import { describeImportFailure, importOptional } from './optional-import';

/** What a started backend reports beyond its name. */
export interface StartedBackend {
  /** Worker threads the backend computes on, where it says. */
  threads?: number;
  /** Package that provided the backend, e.g. '@tensorflow/tfjs-node-gpu'. */
  source: string;
}

/** A failure to start, with a reason meant for people. */
export class BackendStartFailure extends Error {}

/** The npm package that registers each backend (tfjs registers a backend when its package is imported). */
const BACKEND_PACKAGES: Record<Exclude<BackendName, 'tensorflow'>, string> = {
  webgpu: '@tensorflow/tfjs-backend-webgpu',
  webgl: '@tensorflow/tfjs-backend-webgl',
  wasm: '@tensorflow/tfjs-backend-wasm',
  cpu: '@tensorflow/tfjs-backend-cpu',
};

/** Imports `specifier` unless the backend is registered already (e.g. the app imported it itself for bundling). */
async function ensureRegistered(name: string, specifier: string): Promise<string> {
  if (tf.findBackendFactory(name) !== null) return specifier;
  try {
    await importOptional(specifier);
  } catch (error) {
    throw new BackendStartFailure(describeImportFailure(specifier, error), { cause: error });
  }
  if (tf.findBackendFactory(name) === null) throw new BackendStartFailure(`package '${specifier}' loaded but registered no '${name}' backend`);
  return specifier;
}

async function activate(name: string): Promise<void> {
  let started: boolean;
  try {
    started = await tf.setBackend(name);
  } catch (error) {
    throw new BackendStartFailure(`tf.setBackend('${name}') threw: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (!started) throw new BackendStartFailure(`tf.setBackend('${name}') returned false (the backend failed to initialise)`);
  await tf.ready();
}

async function startTensorflow(): Promise<StartedBackend> {
  const reasons: string[] = [];
  for (const specifier of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    if (tf.findBackendFactory('tensorflow') !== null) break;
    try {
      await importOptional(specifier);
      if (tf.findBackendFactory('tensorflow') !== null) {
        await activate('tensorflow');
        return { source: specifier };
      }
      reasons.push(`package '${specifier}' loaded but registered no 'tensorflow' backend`);
    } catch (error) {
      reasons.push(describeImportFailure(specifier, error));
    }
  }
  if (tf.findBackendFactory('tensorflow') === null) throw new BackendStartFailure(`${reasons.join('; ')} (install one of them to use libtensorflow)`);
  await activate('tensorflow');
  return { source: 'registered' };
}

/** Dawn's Node bindings (npm `webgpu`) provide `navigator.gpu`; an adapter is requested before anything global changes. */
async function provideNodeWebGpu(): Promise<void> {
  const existing = (globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu;
  if (existing !== undefined) return;
  let dawn: { create: (flags: string[]) => { requestAdapter: () => Promise<unknown> }; globals: Record<string, unknown> };
  try {
    dawn = await importOptional('webgpu');
  } catch (error) {
    throw new BackendStartFailure(`${describeImportFailure('webgpu', error)} (Dawn's Node bindings provide WebGPU in Node)`, { cause: error });
  }
  const gpu = dawn.create([]);
  const adapter = await gpu.requestAdapter();
  if (adapter === null) throw new BackendStartFailure('Dawn (npm webgpu) found no GPU adapter: requestAdapter() returned null');
  Object.assign(globalThis, dawn.globals);
  const holder = globalThis as unknown as { navigator?: object };
  if (holder.navigator === undefined) Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  else Object.defineProperty(holder.navigator, 'gpu', { value: gpu, configurable: true });
}

async function startWebGpu(environment: RuntimeEnvironment): Promise<StartedBackend> {
  if (environment === 'node') await provideNodeWebGpu();
  else {
    const gpu = (globalThis as { navigator?: { gpu?: { requestAdapter: () => Promise<unknown> } } }).navigator?.gpu;
    if (gpu === undefined) throw new BackendStartFailure('this browser has no navigator.gpu (WebGPU)');
    if ((await gpu.requestAdapter()) === null) throw new BackendStartFailure('navigator.gpu.requestAdapter() returned null (no WebGPU adapter)');
  }
  const source = await ensureRegistered('webgpu', BACKEND_PACKAGES.webgpu);
  await activate('webgpu');
  return { source };
}

async function startWasm(): Promise<StartedBackend> {
  const source = await ensureRegistered('wasm', BACKEND_PACKAGES.wasm);
  await activate('wasm');
  let threads: number | undefined;
  try {
    const wasm = await importOptional<{ getThreadsCount?: () => number }>(source);
    threads = wasm.getThreadsCount?.();
  } catch {
    // Registered by the app under a bundler: the thread count is simply not reported.
  }
  return threads === undefined ? { source } : { source, threads };
}

async function startPlain(name: 'webgl' | 'cpu'): Promise<StartedBackend> {
  const source = await ensureRegistered(name, BACKEND_PACKAGES[name]);
  await activate(name);
  return { source };
}

/** Starts one backend and makes it tfjs's active backend, or throws `BackendStartFailure` saying why not. */
export async function startBackend(name: BackendName, environment: RuntimeEnvironment): Promise<StartedBackend> {
  switch (name) {
    case 'tensorflow':
      return startTensorflow();
    case 'webgpu':
      return startWebGpu(environment);
    case 'wasm':
      return startWasm();
    case 'webgl':
    case 'cpu':
      return startPlain(name);
  }
}
