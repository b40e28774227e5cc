import * as tf from '@tensorflow/tfjs';
import { goldenParameter } from '@spinedx/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backbone } from '../backbone';
import { createBackbone } from '../registry';
import { adaptInputConv, exportTimmWeights, loadTimmWeights } from './load-timm-weights';
import { toTfjsLayout, type StateDictTensor } from './parameter-spec';
import { readSafetensors, writeSafetensors } from './safetensors';
import { WeightMismatchError } from './weight-errors';

const seed = 3;
const shape: [number, number, number] = [32, 40, 3];

/** A full timm state dict for `backbone` with SPEC.md weights (any seed), as a state-dict file would hold it. */
function stateDictFor(backbone: Backbone, withBatchCounters = false): Map<string, StateDictTensor> {
  const weights = new Map<string, StateDictTensor>();
  for (const spec of backbone.parameterSpecs) {
    const shapeFor = spec.name === 'conv1.weight' ? [64, 3, 7, 7] : spec.name === 'fc.weight' ? [1000, 512] : spec.name === 'fc.bias' ? [1000] : spec.pytorchShape;
    weights.set(spec.name, goldenParameter(spec.name, shapeFor, seed)!);
    if (withBatchCounters && spec.name.endsWith('running_var')) weights.set(spec.name.replace('running_var', 'num_batches_tracked'), { shape: [], data: Float32Array.of(7) });
  }
  return weights;
}

const mismatchOf = (fn: () => unknown): WeightMismatchError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof WeightMismatchError) return error;
    throw error;
  }
  throw new Error('expected a WeightMismatchError');
};

const input = (channels: number) => tf.tensor4d(Float32Array.from({ length: 2 * 32 * 40 * channels }, (_, index) => Math.sin(index * 0.37)), [2, 32, 40, channels]);

describe('loadTimmWeights', () => {
  let backbone: Backbone;
  beforeAll(() => {
    backbone = createBackbone('resnet18', { inputShape: shape });
  });
  afterAll(() => backbone.dispose());

  it('should load every entry in tfjs layout and ignore num_batches_tracked', () => {
    const weights = stateDictFor(backbone, true);
    const report = loadTimmWeights(backbone, weights);
    const conv = weights.get('layer2.0.conv1.weight')!;
    const expected = toTfjsLayout({ pytorchShape: conv.shape, layout: 'conv2d' }, conv.data);
    expect([report.loaded.length, report.adapted, report.skippedClassifier]).toEqual([backbone.parameterSpecs.length, [], []]);
    expect(Array.from(backbone.variables.get('layer2.0.conv1.weight')!.dataSync())).toEqual(Array.from(expected));
    expect(Array.from(backbone.variables.get('fc.weight')!.dataSync()).slice(0, 3)).toEqual([0, 1, 2].map((index) => weights.get('fc.weight')!.data[index * 512]));
  });

  it('should list missing, unexpected and wrongly-shaped keys and assign nothing', () => {
    const weights = stateDictFor(backbone);
    weights.delete('layer1.0.conv1.weight');
    weights.set('head.extra.weight', { shape: [1], data: Float32Array.of(1) });
    weights.set('layer1.0.bn1.weight', { shape: [65], data: new Float32Array(65) });
    weights.set('bn1.bias', { shape: [64], data: new Float32Array(64).fill(123) });
    const error = mismatchOf(() => loadTimmWeights(backbone, weights));
    expect([error.code, error.missing, error.unexpected, error.wrongShape]).toEqual([
      'WEIGHT_MISMATCH',
      ['layer1.0.conv1.weight'],
      ['head.extra.weight'],
      [{ name: 'layer1.0.bn1.weight', expected: [64], received: [65] }],
    ]);
    expect(error.message).toMatch(/^loadTimmWeights\(resnet18\): missing 1 \(layer1\.0\.conv1\.weight\); unexpected 1 \(head\.extra\.weight\); wrong shape 1/);
    expect(backbone.variables.get('bn1.bias')!.dataSync()[0]).not.toBe(123);
  });

  it('should accept missing keys with allowMissing and keep their values', () => {
    const weights = stateDictFor(backbone);
    const before = backbone.variables.get('layer4.1.bn2.running_mean')!.dataSync().slice();
    weights.delete('layer4.1.bn2.running_mean');
    const report = loadTimmWeights(backbone, weights, { allowMissing: true });
    expect([report.loaded.length, Array.from(backbone.variables.get('layer4.1.bn2.running_mean')!.dataSync())]).toEqual([backbone.parameterSpecs.length - 1, Array.from(before)]);
  });

  it('should leave the classifier alone when the class count differs, and load the rest', () => {
    const twoClass = createBackbone('resnet18', { inputShape: shape, numClasses: 2, seed: 9 });
    const classifierBefore = twoClass.variables.get('fc.weight')!.dataSync().slice();
    const report = loadTimmWeights(twoClass, stateDictFor(twoClass));
    loadTimmWeights(backbone, stateDictFor(backbone));
    const x = input(3);
    const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(twoClass.forwardFeatures(x), backbone.forwardFeatures(x)))).dataSync()[0]);
    expect([report.skippedClassifier, Array.from(twoClass.variables.get('fc.weight')!.dataSync()), difference]).toEqual([['fc.weight', 'fc.bias'], Array.from(classifierBefore), 0]);
    tf.dispose(x);
    twoClass.dispose();
  });

  it('should adapt RGB weights to 1-channel input so that a grey image gives the RGB logits of its 3 copies', () => {
    const grey = createBackbone('resnet18', { inputShape: [32, 40, 1] });
    const report = loadTimmWeights(grey, stateDictFor(grey));
    loadTimmWeights(backbone, stateDictFor(backbone));
    const x = input(1);
    const [greyLogits, rgbLogits] = tf.tidy(() => [grey.predict(x).dataSync(), backbone.predict(tf.concat([x, x, x], 3)).dataSync()]);
    const scale = Math.max(...Array.from(rgbLogits!, Math.abs));
    const worst = Math.max(...Array.from(greyLogits!, (value, index) => Math.abs(value - rgbLogits![index]!)));
    expect(report.adapted).toEqual(['conv1.weight']);
    expect(worst).toBeLessThan(1e-4 * scale);
    tf.dispose(x);
    grey.dispose();
  });
});

describe('adaptInputConv', () => {
  // weight [out=1, in=3, 1, 2]: channel c holds [c + 1, 10 * (c + 1)].
  const weight = { shape: [1, 3, 1, 2], data: Float32Array.from([1, 10, 2, 20, 3, 30]) };

  it('should sum the RGB filters for one channel (timm adapt_input_conv)', () => {
    expect(adaptInputConv(weight, 1)).toEqual({ shape: [1, 1, 1, 2], data: Float32Array.from([6, 60]) });
  });

  it('should repeat the RGB filters and scale by 3 / channels for other counts', () => {
    expect(adaptInputConv(weight, 4)).toEqual({ shape: [1, 4, 1, 2], data: Float32Array.from([0.75, 7.5, 1.5, 15, 2.25, 22.5, 0.75, 7.5]) });
  });
});

describe('exportTimmWeights', () => {
  it('should give identical logits after export to safetensors and import into a differently seeded backbone', () => {
    const source = createBackbone('efficientnet_b0', { inputShape: [48, 40, 3], numClasses: 3, seed: 1 });
    const target = createBackbone('efficientnet_b0', { inputShape: [48, 40, 3], numClasses: 3, seed: 2 });
    const exported = exportTimmWeights(source);
    const bytes = writeSafetensors(exported, { format: 'pt' });
    loadTimmWeights(target, readSafetensors(bytes));
    const x = tf.tensor4d(Float32Array.from({ length: 48 * 40 * 3 }, (_, index) => Math.cos(index)), [1, 48, 40, 3]);
    const [a, b] = tf.tidy(() => [source.predict(x).dataSync(), target.predict(x).dataSync()]);
    expect([[...exported.keys()], exported.get('conv_stem.weight')!.shape, Array.from(b!)]).toEqual([
      source.parameterSpecs.map((spec) => spec.name),
      [32, 3, 3, 3],
      Array.from(a!),
    ]);
    tf.dispose(x);
    source.dispose();
    target.dispose();
  });
});
