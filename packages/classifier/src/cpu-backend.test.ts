import * as tf from '@tensorflow/tfjs';
import { registerTrainingKernels } from '@spinedx/backends';
import { generateCohort } from '@spinedx/phantom';
import { beforeAll, describe, expect, it } from 'vitest';
import { datasetFromPhantom } from './dataset/phantom-dataset';
import { SpineClassifier } from './spine-classifier';

// The same fit -> evaluate -> predict path on the pure-JS cpu backend (with its faster filter-gradient kernel), kept
// to one small step: the full learning check runs on wasm in spine-classifier.test.ts.
beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
  registerTrainingKernels({ backends: ['cpu'] });
});

describe('SpineClassifier on the cpu backend', () => {
  it('should fit, evaluate and predict without leaking tensors', async () => {
    const samples = datasetFromPhantom(generateCohort({ seed: 2, patients: 4 }));
    const before = tf.memory().numTensors;
    const classifier = await SpineClassifier.create({ backbone: 'resnet18', inputSize: 32, inChannels: 1 });
    const history = await classifier.fit(samples, { epochs: 1, batchSize: 4, augmentation: false, seed: 1 });
    const result = await classifier.evaluate(samples);
    const prediction = await classifier.predict(await samples[0]!.load(), { gradcam: true });
    expect(tf.getBackend()).toBe('cpu');
    expect(Number.isFinite(history.epochs[0]!.trainLoss)).toBe(true);
    expect(result.imageLevel.samples).toBe(4);
    expect(prediction.slices[0]!.probabilities.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 5);
    classifier.dispose();
    expect(tf.memory().numTensors).toBe(before);
  }, 300_000);
});
