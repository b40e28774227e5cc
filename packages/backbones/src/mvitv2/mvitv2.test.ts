import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { InvalidArgumentError, ShapeError } from '@spinedx/core';
import { goldenInputNhwc, goldenStateDict } from '@spinedx/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackbone } from '../registry';
import { exportTimmWeights, loadTimmWeights } from '../weights/load-timm-weights';
import { readSafetensors, writeSafetensors } from '../weights/safetensors';
import { createMvitv2, type Mvitv2Backbone } from './mvitv2';
import { mvitv2Configs, mvitv2PretrainedConfigs, type MultiScaleVitConfig } from './mvitv2-configs';
import { interpolateRelativePositionTable } from './relative-position';

const golden = JSON.parse(readFileSync(fileURLToPath(new URL('../../../../fixtures/golden/mvitv2_tiny.seed0.json', import.meta.url)), 'utf8')) as {
  seed: number;
  params: [string, number[]][];
};

/** A narrow MViTv2 running the same code paths as the real variants, cheap enough to build many times. */
const narrow = (overrides: Partial<MultiScaleVitConfig> = {}): MultiScaleVitConfig => ({
  ...mvitv2Configs.mvitv2_tiny,
  depths: [1, 2, 1, 1],
  embedDims: [8, 16, 32, 64],
  numHeads: [1, 2, 4, 8],
  ...overrides,
});

const inputOf = (size: number, batch = 1, seed = golden.seed): tf.Tensor4D => {
  const { shape, data } = goldenInputNhwc([batch, 3, size, size], seed);
  return tf.tensor4d(data, shape);
};

let previousBackend: string;
beforeAll(async () => {
  await tf.ready();
  previousBackend = tf.getBackend();
  await tf.setBackend('wasm');
});
afterAll(async () => {
  await tf.setBackend(previousBackend);
});

describe('createMvitv2 at another input size', () => {
  it('should size the tables for a 64 x 64 input, interpolate 224 tables into them on load and give a [1, 2, 2, 768] feature map', () => {
    const before = tf.memory().numTensors;
    const model = createBackbone('mvitv2_tiny', { inputShape: [64, 64, 3], numClasses: 2 }) as Mvitv2Backbone;
    const weights = goldenStateDict(golden.params, golden.seed);
    const report = loadTimmWeights(model, weights);
    const tableName = 'stages.0.blocks.0.attn.rel_pos_h';
    const wantTable = interpolateRelativePositionTable(weights.get(tableName)!, 31);
    const input = inputOf(64);
    const features = model.forwardFeatures(input);
    const logits = model.forward(input);
    expect([
      report.adapted.length,
      report.adapted.every((name) => /attn\.rel_pos_[hw]$/.test(name)),
      report.skippedClassifier,
      Array.from(model.variables.get(tableName)!.dataSync()),
      features.shape,
      Array.from(logits.dataSync()).every(Number.isFinite),
    ]).toEqual([20, true, ['head.fc.weight', 'head.fc.bias'], Array.from(wantTable.data), [1, 2, 2, 768], true]);
    tf.dispose([input, features, logits]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it.each([
    ['a non-square input', [64, 96, 3], 'NON_SQUARE_INPUT'],
    ['a size whose pooled grids overrun timm-sized tables', [40, 40, 3], 'UNSUPPORTED_INPUT_SIZE'],
  ] as const)('should throw an InvalidArgumentError for %s', (_, inputShape, code) => {
    const before = tf.memory().numTensors;
    let caught: unknown;
    try {
      createBackbone('mvitv2_tiny', { inputShape, numClasses: 2 });
    } catch (error) {
      caught = error;
    }
    expect([caught instanceof InvalidArgumentError, (caught as InvalidArgumentError).code, tf.memory().numTensors]).toEqual([true, code, before]);
  });
});

describe('Mvitv2Backbone', () => {
  const create = (seed: number, overrides: Partial<MultiScaleVitConfig> = {}, globalPool?: 'token' | 'avg') =>
    createMvitv2('mvitv2_narrow', narrow(overrides), mvitv2PretrainedConfigs.mvitv2_tiny, { numClasses: 3, inputShape: [64, 64, 3], seed, ...(globalPool ? { globalPool } : {}) });

  it('should round-trip weights (class token and position embedding included) through exportTimmWeights, writeSafetensors, readSafetensors and loadTimmWeights with identical logits', () => {
    const withEverything = { useClassToken: true, useAbsolutePosition: true };
    const source = create(1, withEverything);
    const target = create(2, withEverything);
    const input = inputOf(64, 2);
    const want = source.predict(input);
    const beforeLoad = target.predict(input);
    const report = loadTimmWeights(target, readSafetensors(writeSafetensors(exportTimmWeights(source))));
    const got = target.predict(input);
    expect([
      report.loaded.length,
      report.loaded.slice(0, 3),
      Array.from(beforeLoad.dataSync()).some((value, index) => value !== want.dataSync()[index]),
      Array.from(got.dataSync()),
    ]).toEqual([source.parameterSpecs.length, ['cls_token', 'pos_embed', 'patch_embed.proj.weight'], true, Array.from(want.dataSync())]);
    tf.dispose([input, want, beforeLoad, got]);
    source.dispose();
    target.dispose();
  });

  it('should leave no tensor behind after forward passes and free every variable on dispose', () => {
    const before = tf.memory().numTensors;
    const model = create(0);
    const input = inputOf(64, 2);
    const afterCreate = tf.memory().numTensors;
    tf.dispose([model.predict(input), model.forwardFeatures(input), model.forwardTokens(input), model.forward(input, { training: true })]);
    const afterForward = tf.memory().numTensors;
    input.dispose();
    model.dispose();
    expect([afterCreate - before, afterForward - afterCreate, tf.memory().numTensors - before]).toEqual([model.parameterSpecs.length + 1, 0, 0]);
  });

  it('should throw a ShapeError for an input of another size than the model was built for', () => {
    const model = create(0);
    const input = inputOf(32);
    expect(() => model.forwardFeatures(input)).toThrow(ShapeError);
    expect(() => model.forwardFeatures(input)).toThrow(/expected input \[N, 64, 64, 3\].*received \[1, 32, 32, 3\]/);
    input.dispose();
    model.dispose();
  });

  it('should pool the class token in forward and refuse forwardHead on the class-token-free map (globalPool token)', () => {
    const model = create(5, { useClassToken: true });
    const input = inputOf(64, 2);
    const tokens = model.forwardTokens(input);
    const features = model.forwardFeatures(input);
    const logits = model.forward(input);
    const head = model.variables;
    const want = tf.tidy(() => tf.add(tf.matMul(tf.reshape(tf.slice(tokens, [0, 0, 0], [-1, 1, -1]), [2, 64]), head.get('head.fc.weight')!), head.get('head.fc.bias')!));
    let caught: unknown;
    try {
      model.forwardHead(features);
    } catch (error) {
      caught = error;
    }
    expect([model.globalPool, tokens.shape, features.shape, (caught as InvalidArgumentError).code, Math.max(...Array.from(tf.abs(tf.sub(logits, want)).dataSync()))]).toEqual([
      'token',
      [2, 5, 64],
      [2, 2, 2, 64],
      'CLASS_TOKEN_POOLING',
      0,
    ]);
    tf.dispose([input, tokens, features, logits, want]);
    model.dispose();
  });

  it("should average the spatial tokens of a class-token model with globalPool 'avg', equal to forwardHead(forwardFeatures)", () => {
    const model = create(5, { useClassToken: true }, 'avg');
    const input = inputOf(64, 2);
    const split = tf.tidy(() => model.forwardHead(model.forwardFeatures(input)));
    const whole = model.forward(input);
    expect(Array.from(whole.dataSync())).toEqual(Array.from(split.dataSync()));
    tf.dispose([input, split, whole]);
    model.dispose();
  });

  it("should refuse globalPool 'token' without a class token", () => {
    expect(() => create(0, {}, 'token')).toThrow(expect.objectContaining({ code: 'NO_CLASS_TOKEN' }));
  });

  it('should adapt only relative-position tables of the right width in adaptWeight', () => {
    const model = create(0);
    const spec = model.parameterSpecs.find((entry) => entry.name === 'stages.0.blocks.0.attn.rel_pos_w')!;
    const norm = model.parameterSpecs.find((entry) => entry.name === 'norm.weight')!;
    const table = { shape: [3, 8], data: new Float32Array(24).fill(2) };
    expect([model.adaptWeight!(spec, table)?.shape, model.adaptWeight!(spec, { shape: [3, 5], data: new Float32Array(15) }), model.adaptWeight!(norm, table)]).toEqual([
      [31, 8],
      null,
      null,
    ]);
    model.dispose();
  });
});
