import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createBackbone } from '../registry';
import { backboneWeightsFormat, loadBackboneWeights, saveBackboneWeights } from './tfjs-weights';
import { WeightMismatchError } from './weight-errors';

async function saveToMemory(name: string, options: Parameters<typeof createBackbone>[1]): Promise<tf.io.ModelArtifacts> {
  const backbone = createBackbone(name, options);
  let saved: tf.io.ModelArtifacts | undefined;
  await saveBackboneWeights(backbone, tf.io.withSaveHandler(async (artifacts) => {
    saved = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  backbone.dispose();
  return saved!;
}

describe('saveBackboneWeights', () => {
  it('should round-trip through tf.io weight encoding with identical logits', async () => {
    const options = { inputShape: [40, 36, 3] as const, numClasses: 4 };
    const source = createBackbone('resnet18', { ...options, seed: 5 });
    const target = createBackbone('resnet18', { ...options, seed: 6 });
    let saved: tf.io.ModelArtifacts | undefined;
    await saveBackboneWeights(source, tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }));
    const report = await loadBackboneWeights(target, tf.io.fromMemory(saved!));
    const x = tf.tensor4d(Float32Array.from({ length: 40 * 36 * 3 }, (_, index) => Math.sin(index / 7)), [1, 40, 36, 3]);
    const [a, b] = tf.tidy(() => [source.predict(x).dataSync(), target.predict(x).dataSync()]);
    expect([saved!.format, saved!.modelTopology, saved!.weightSpecs![0], report.loaded.length, Array.from(b!)]).toEqual([
      backboneWeightsFormat,
      { model: 'resnet18', numClasses: 4, inputShape: [40, 36, 3] },
      { name: 'conv1.weight', shape: [7, 7, 3, 64], dtype: 'float32' },
      source.parameterSpecs.length,
      Array.from(a!),
    ]);
    tf.dispose(x);
    source.dispose();
    target.dispose();
  });

  it('should skip the classifier and adapt the first conv when loading into another class and channel count', async () => {
    const saved = await saveToMemory('efficientnet_b0', { inputShape: [32, 32, 3], numClasses: 5 });
    const target = createBackbone('efficientnet_b0', { inputShape: [32, 32, 1], numClasses: 2 });
    const report = await loadBackboneWeights(target, tf.io.fromMemory(saved));
    expect([report.adapted, report.skippedClassifier]).toEqual([['conv_stem.weight'], ['classifier.weight', 'classifier.bias']]);
    target.dispose();
  });

  it('should throw a WeightMismatchError for weights of another model', async () => {
    const saved = await saveToMemory('resnet18', { inputShape: [32, 32, 3] });
    const target = createBackbone('resnet34', { inputShape: [32, 32, 3] });
    await expect(loadBackboneWeights(target, tf.io.fromMemory(saved))).rejects.toBeInstanceOf(WeightMismatchError);
    target.dispose();
  });
});
