import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ModelRunResult } from '../report/build-study-report';
import type { BackendChoice } from '../runtime/start-backend';
import { runModelJob, type ModelJob, type ModelJobEvent } from './model-job';

/** Messages between the main thread and a training worker. */
export type WorkerRequest = { type: 'job'; index: number; job: ModelJob };
/** What a training worker posts back. */
export type WorkerReply =
  | { type: 'ready' }
  | { type: 'event'; index: number; event: ModelJobEvent }
  | { type: 'result'; index: number; result: ModelRunResult }
  | { type: 'error'; index: number; message: string; name: string };

/** Options of {@link runModelJobs}. */
export interface RunModelJobsOptions {
  /** Worker threads (0 = run the jobs one after another in this thread). */
  workers: number;
  /** Backend each worker starts (the main thread's is already running). */
  backend: BackendChoice;
  onEvent?: (index: number, event: ModelJobEvent) => void;
}

/** The built worker entry beside this module (dist/train-worker.js); absent when running from TypeScript sources. */
export function trainWorkerUrl(): URL | undefined {
  const url = new URL('./train-worker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : undefined;
}

/**
 * Runs the model jobs and returns their results in job order. With workers, each worker (one wasm/cpu backend
 * each, so the jobs use several cores) takes the next job from a queue as soon as it is free; list the heaviest
 * jobs first for the best balance. Without a built worker entry the jobs run in this thread.
 */
export async function runModelJobs(jobs: readonly ModelJob[], options: RunModelJobsOptions): Promise<ModelRunResult[]> {
  const workerUrl = trainWorkerUrl();
  const results: ModelRunResult[] = new Array(jobs.length);
  if (options.workers <= 0 || workerUrl === undefined || jobs.length <= 1) {
    for (const [index, job] of jobs.entries()) results[index] = await runModelJob(job, (event) => options.onEvent?.(index, event));
    return results;
  }
  let next = 0;
  const workers: Worker[] = [];
  const workerCount = Math.min(options.workers, jobs.length);
  // Native kernels compute with threads of their own: each worker gets its share of the cores, not all of them.
  const nativeThreads = Math.max(1, Math.floor(availableParallelism() / workerCount));
  const runWorker = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(workerUrl, { workerData: { backend: options.backend, nativeThreads } });
      workers.push(worker);
      const dispatch = (): void => {
        if (next >= jobs.length) {
          void worker.terminate().then(() => resolve());
          return;
        }
        const index = next++;
        worker.postMessage({ type: 'job', index, job: jobs[index]! } satisfies WorkerRequest);
      };
      worker.on('message', (message: WorkerReply) => {
        if (message.type === 'ready') dispatch();
        else if (message.type === 'event') options.onEvent?.(message.index, message.event);
        else if (message.type === 'result') {
          results[message.index] = message.result;
          dispatch();
        } else {
          void worker.terminate();
          const error = new Error(`${jobs[message.index]!.backbone}: ${message.message}`);
          error.name = message.name;
          reject(error);
        }
      });
      worker.on('error', reject);
    });
  try {
    await Promise.all(Array.from({ length: workerCount }, runWorker));
  } catch (error) {
    // One failed job fails the run: stop the other workers instead of letting them train on.
    await Promise.all(workers.map((worker) => worker.terminate()));
    throw error;
  }
  return results;
}
