import * as tf from '@tensorflow/tfjs';
import { BackendFailureError } from '@spinedx/backends';
import { generateCohort } from '@spinedx/phantom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetFromPhantom } from './dataset/phantom-dataset';
import { SpineClassifier } from './spine-classifier';

// A backend that runs out of memory inside its convolutions, as a wasm backend does past its 4 GiB heap
// ('memory access out of bounds' after a failed malloc): the classifier must say so in a typed error, not pass the
// raw RuntimeError on. The failure is injected by swapping the cpu backend's convolution kernels.
const failingKernels = ['Conv2D', 'FusedConv2D'];
const originals = failingKernels.map((name) => tf.getKernel(name, 'cpu')!);

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

afterAll(() => restoreKernels());

function failConvolutions(): void {
  for (const original of originals) {
    tf.unregisterKernel(original.kernelName, 'cpu');
    tf.registerKernel({
      ...original,
      kernelFunc: () => {
        throw new WebAssembly.RuntimeError('memory access out of bounds');
      },
    });
  }
}

function restoreKernels(): void {
  for (const original of originals) {
    if (tf.getKernel(original.kernelName, 'cpu')?.kernelFunc === original.kernelFunc) continue;
    tf.unregisterKernel(original.kernelName, 'cpu');
    tf.registerKernel(original);
  }
}

describe('SpineClassifier when the backend runs out of memory', () => {
  it('should reject fit, evaluate and predict with a BackendFailureError and leak nothing', async () => {
    const samples = datasetFromPhantom(generateCohort({ seed: 3, patients: 2 }));
    const image = await samples[0]!.load();
    const classifier = await SpineClassifier.create({ backbone: 'resnet18', inputSize: 32, inChannels: 1 });
    // A first prediction fills the backbone's folded conv + batch-norm weights, which it keeps until dispose().
    await classifier.predict(image);
    const before = tf.memory().numTensors;
    failConvolutions();
    try {
      for (const [operation, run] of [
        ['fit', () => classifier.fit(samples, { epochs: 1, batchSize: 2, augmentation: false, seed: 1 })],
        ['evaluate', () => classifier.evaluate(samples)],
        ['predict', () => classifier.predict(image)],
      ] as const) {
        const error: unknown = await run().then(() => null, (caught: unknown) => caught);
        expect(error, operation).toBeInstanceOf(BackendFailureError);
        expect(error).toMatchObject({ code: 'BACKEND_OUT_OF_MEMORY', backend: 'cpu' });
        expect((error as Error).message).toMatch(new RegExp(`^${operation}: the cpu backend ran out of memory .*smaller batch size or input size`));
        expect((error as Error).cause).toBeInstanceOf(WebAssembly.RuntimeError);
      }
    } finally {
      restoreKernels();
    }
    expect(tf.memory().numTensors).toBe(before);
    // The same classifier works again once the backend does.
    expect((await classifier.predict(image)).slices).toHaveLength(1);
    classifier.dispose();
  }, 120_000);
});
