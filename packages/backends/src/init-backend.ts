import { InvalidArgumentError } from '@spinedx/core';
import type { BackendAttempt } from './backend-error';
import { BackendUnavailableError } from './backend-error';
import { startBackend } from './backend-starters';
import type { BackendCapability, BackendName } from './capabilities';
import { BACKEND_CAPABILITIES, listMissingTrainingKernels } from './capabilities';
import type { RuntimeEnvironment } from './environment';
import { detectEnvironment } from './environment';

/** Options of `initBackend`. */
export interface InitBackendOptions {
  /** Backends to try first, in order. Default: the environment's order (see `DEFAULT_BACKEND_ORDER`). */
  prefer?: readonly BackendName[];
  /**
   * When the preferred backends all fail, go on with the rest of the default order (default true). With false,
   * the failure throws `BackendUnavailableError` naming what was missing.
   */
  allowFallback?: boolean;
}

/** What `initBackend` started. */
export interface InitBackendResult {
  /** The active tfjs backend. */
  name: BackendName;
  environment: RuntimeEnvironment;
  /** The static capability row, with `training` measured from the kernel registry. */
  capabilities: BackendCapability & { missingTrainingKernels: string[] };
  /** Compute threads, where the backend reports them (wasm). */
  threads?: number;
  /** Package that provided the backend. */
  source: string;
  /** Backends tried before this one, and why each failed. */
  skipped: BackendAttempt[];
}

/** Fastest first, per environment. */
export const DEFAULT_BACKEND_ORDER: Readonly<Record<RuntimeEnvironment, readonly BackendName[]>> = Object.freeze({
  node: Object.freeze(['tensorflow', 'webgpu', 'wasm', 'cpu'] as const),
  browser: Object.freeze(['webgpu', 'webgl', 'wasm', 'cpu'] as const),
});

function validatePreferences(prefer: readonly BackendName[]): void {
  const known = BACKEND_CAPABILITIES.map((row) => row.name);
  if (!Array.isArray(prefer)) throw new InvalidArgumentError(`initBackend: expected options.prefer to be an array of ${known.join(', ')}; received ${typeof prefer}`);
  for (const name of prefer) {
    if (!known.includes(name)) {
      throw new InvalidArgumentError(`initBackend: expected a backend among ${known.join(', ')}; received '${String(name)}'`, { code: 'UNKNOWN_BACKEND' });
    }
  }
}

/**
 * Starts the best available TensorFlow.js backend and makes it active. Tries `prefer` first, then (unless
 * `allowFallback` is false) the default order of the environment: Node `tensorflow` (tfjs-node-gpu, tfjs-node),
 * `webgpu` (Dawn), `wasm`, `cpu`; browser `webgpu`, `webgl`, `wasm`, `cpu`. Backend packages are imported lazily,
 * here and not at import time; one the app registered itself is used as is.
 *
 * @throws InvalidArgumentError (code `'UNKNOWN_BACKEND'`) for a name that is not a backend.
 * @throws BackendUnavailableError (code `'BACKEND_UNAVAILABLE'`) when no candidate starts; it lists each reason.
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<InitBackendResult> {
  const { prefer = [], allowFallback = true } = options;
  validatePreferences(prefer);
  const environment = detectEnvironment();
  const defaults = DEFAULT_BACKEND_ORDER[environment];
  const candidates = prefer.length > 0 && !allowFallback ? [...new Set(prefer)] : [...new Set([...prefer, ...defaults])];
  const skipped: BackendAttempt[] = [];
  let lastError: unknown;
  for (const name of candidates) {
    const row = BACKEND_CAPABILITIES.find((entry) => entry.name === name)!;
    if (!row.environments.includes(environment)) {
      skipped.push({ name, reason: `'${name}' is not available in ${environment} (only in ${row.environments.join(', ')})` });
      continue;
    }
    try {
      const started = await startBackend(name, environment);
      const missingTrainingKernels = listMissingTrainingKernels(name);
      const capabilities = { ...row, training: missingTrainingKernels.length === 0, missingTrainingKernels };
      const result: InitBackendResult = { name, environment, capabilities, source: started.source, skipped };
      if (started.threads !== undefined) result.threads = started.threads;
      return result;
    } catch (error) {
      lastError = error;
      skipped.push({ name, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  const details = skipped.map((attempt) => `${attempt.name}: ${attempt.reason}`).join('; ');
  throw new BackendUnavailableError(`initBackend: expected one of [${candidates.join(', ')}] to start in ${environment}; received failures: ${details}`, skipped, lastError);
}
