import * as tf from '@tensorflow/tfjs-core';
import { initBackend, registerTrainingKernels, type BackendName } from '@spinedx/backends';

/** A backend choice on the command line: a name, or `auto` for the fastest available. */
export type BackendChoice = 'auto' | BackendName;

/** What {@link startBackend} started. */
export interface StartedBackend {
  name: string;
  source: string;
  threads?: number;
}

/**
 * Loads the full TensorFlow.js package (it registers the gradients that training and Grad-CAM need), starts the
 * requested backend (or the fastest available, Node order: tensorflow, webgpu, wasm, cpu) and registers the training
 * kernels wasm lacks. A requested backend that is missing fails with the reason instead of falling back.
 */
export async function startBackend(choice: BackendChoice): Promise<StartedBackend> {
  await import('@tensorflow/tfjs');
  // Silences the "looks like you are running TensorFlow.js in Node.js" banner on stdout.
  tf.env().set('PROD', true);
  const result = await initBackend(choice === 'auto' ? {} : { prefer: [choice], allowFallback: false });
  registerTrainingKernels();
  return { name: result.name, source: result.source, ...(result.threads === undefined ? {} : { threads: result.threads }) };
}
