import { parentPort, workerData } from 'node:worker_threads';
import { runModelJob } from './demo/model-job';
import type { WorkerReply, WorkerRequest } from './demo/run-model-jobs';
import { startBackend, type BackendChoice } from './runtime/start-backend';

// Worker entry of `spinedx demo`: starts its own backend, then trains the jobs the main thread sends, one at a time.
const port = parentPort!;
const post = (message: WorkerReply): void => port.postMessage(message);

const { backend, nativeThreads } = workerData as { backend: BackendChoice; nativeThreads: number };
await startBackend(backend, { nativeThreads });
port.on('message', (message: WorkerRequest) => {
  runModelJob(message.job, (event) => post({ type: 'event', index: message.index, event }))
    .then((result) => post({ type: 'result', index: message.index, result }))
    .catch((error: unknown) => post({ type: 'error', index: message.index, message: error instanceof Error ? error.message : String(error), name: error instanceof Error ? error.name : 'Error' }));
});
post({ type: 'ready' });
