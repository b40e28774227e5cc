import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { registerTrainingKernels } from '@spinedx/backends';
import { generateCohort } from '@spinedx/phantom';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetFromPhantom } from './dataset/phantom-dataset';
import { readFromDirectory, writeBundleDirectory } from './bundle/bundle-directory';
import { SpineClassifier } from './spine-classifier';

// End to end on a synthetic four-site cohort: train on the two development sites, test on the two external ones
// (the paper's design), then save, load and predict. wasm backend with the training kernels of @spinedx/backends.
const work = mkdtempSync(join(tmpdir(), 'spinedx-classifier-'));
const plan = generateCohort({ seed: 11, patients: 40 });
const development = datasetFromPhantom(plan, { filter: (patient) => patient.role === 'development', slices: { mode: 'central', count: 3 } });
const external = datasetFromPhantom(plan, { filter: (patient) => patient.role === 'external', slices: { mode: 'central', count: 3 } });
let classifier: SpineClassifier;
let tensorsBefore = 0;
let disposed = false;

beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.ready();
  registerTrainingKernels({ backends: ['wasm'] });
  tensorsBefore = tf.memory().numTensors;
  classifier = await SpineClassifier.create({ backbone: 'resnet18', inputSize: 64, inChannels: 1, seed: 3 });
});

afterAll(() => {
  if (!disposed) classifier?.dispose();
  rmSync(work, { recursive: true, force: true });
});

describe('SpineClassifier', () => {
  it('should learn the development sites and beat chance clearly on the external sites', async () => {
    const events: string[] = [];
    const history = await classifier.fit(development, {
      epochs: 5,
      batchSize: 8,
      learningRate: 1e-3,
      // Augmentation off: five epochs from scratch are too few to learn through it; its own tests are in @spinedx/transforms.
      augmentation: false,
      seed: 5,
      onProgress: (event) => events.push(event.type),
    });
    expect(history.epochs).toHaveLength(5);
    expect(history.epochs[4]!.trainLoss).toBeLessThan(history.epochs[0]!.trainLoss);
    expect(events[0]).toBe('start');
    expect(events.at(-1)).toBe('stop');
    const result = await classifier.evaluate(external);
    expect(result.positiveClass).toBe('SM');
    expect(result.patientLevel.samples).toBe(new Set(external.map((sample) => sample.patientId)).size);
    expect(result.imageLevel.samples).toBe(external.length);
    expect(Object.keys(result.perSite).sort()).toEqual(['site-c', 'site-d']);
    // An untrained or broken pipeline sits near 0.5.
    expect(result.imageLevel.auc!.auc).toBeGreaterThan(0.75);
    expect(result.patientLevel.rates.accuracy).toBeGreaterThan(0.65);
  }, 900_000);

  it('should predict identically after a save/load round trip, with a Grad-CAM heatmap per slice', async () => {
    const directory = join(work, 'bundle');
    await classifier.save((files) => writeBundleDirectory(directory, files));
    const loaded = await SpineClassifier.load(readFromDirectory(directory));
    const images = await Promise.all(external.slice(0, 3).map((sample) => sample.load()));
    const before = await classifier.predict(images, { gradcam: true });
    const after = await loaded.predict(images, { gradcam: true, tta: true });
    const plain = await loaded.predict(images);
    expect(plain.slices.map((slice) => slice.probabilities)).toEqual(before.slices.map((slice) => slice.probabilities));
    expect(after.patient.probabilities.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 5);
    const heatmap = before.slices[0]!.cam!.heatmap;
    expect(heatmap.length).toBe(64 * 64);
    expect(Math.max(...heatmap)).toBeCloseTo(1, 5);
    expect(loaded.provenance).toMatchObject({ training: { seed: 5, epochs: 5 } });
    loaded.dispose();
  });

  it('should reject labels outside the classes and an empty dataset', async () => {
    await expect(classifier.fit([], { epochs: 1 })).rejects.toThrow(/empty/);
    await expect(classifier.evaluate([{ ...external[0]!, label: 2 }])).rejects.toThrow(/label 2, expected an integer in \[0, 1\]/);
  });

  it('should leave no tensors behind once disposed', async () => {
    // The trained classifier holds its variables and, after evaluation passes, its folded conv + batch-norm weights.
    const held = tf.memory().numTensors;
    expect(held).toBeGreaterThanOrEqual(tensorsBefore + classifier.backbone.variables.size);
    const extra = await SpineClassifier.create({ backbone: 'resnet18', inputSize: 32, inChannels: 1 });
    await extra.predict(await development[0]!.load(), { gradcam: true });
    extra.dispose();
    expect(tf.memory().numTensors).toBe(held);
    classifier.dispose();
    disposed = true;
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });
});
