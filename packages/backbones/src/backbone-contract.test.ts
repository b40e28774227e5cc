import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { InvalidArgumentError, ShapeError } from '@spinedx/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createBackbone, getPretrainedConfig, listBackbones } from './registry';

// The feature/head contract every registered backbone keeps (timm tests/test_models.py test_model_default_cfgs).
describe.each(listBackbones())('%s contract', (name) => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  it('should keep the feature/head contract, reject wrong input and release every tensor', () => {
    const config = getPretrainedConfig(name);
    // Small inputs keep the suite fast: an odd, non-square size, or 64 x 64 for models that need a square multiple of 32.
    const [channels, height, width] = config.fixedInputSize ? [3, 64, 64] : [3, 72, 88];
    const beforeCreate = tf.memory().numTensors;
    const backbone = createBackbone(name, { numClasses: 7, inputShape: [height, width, channels] });
    const specNames = new Set(backbone.parameterSpecs.map((spec) => spec.name));
    const input = tf.randomUniform([1, height, width, channels], -1, 1, 'float32', 1) as tf.Tensor4D;
    const wrongChannels = tf.zeros([1, height, width, 1]) as tf.Tensor4D;
    const features = backbone.forwardFeatures(input);
    const logits = backbone.forwardHead(features);
    const predicted = backbone.predict(input);
    const difference = tf.tidy(() => tf.max(tf.abs(tf.sub(logits, predicted))).dataSync()[0]);
    const shapes = [features.shape, logits.shape];
    tf.dispose([features, logits, predicted]);
    // The first evaluation pass folded the batch norms into cached convolution weights; later passes leave nothing.
    const afterFirstPass = tf.memory().numTensors;
    tf.dispose(backbone.predict(input));
    expect(tf.memory().numTensors).toBe(afterFirstPass);
    expect([backbone.config, backbone.inputShape, shapes, difference]).toEqual([
      config,
      [height, width, channels],
      [[1, Math.ceil(height / 32), Math.ceil(width / 32), backbone.numFeatures], [1, 7]],
      0,
    ]);
    expect([specNames.has(`${config.firstConv}.weight`), specNames.has(`${config.classifier}.weight`), specNames.has(`${config.classifier}.bias`)]).toEqual([true, true, true]);
    expect(() => backbone.predict(wrongChannels)).toThrow(ShapeError);
    expect(() => backbone.forwardHead(wrongChannels)).toThrow(ShapeError);
    expect(backbone.variables.size).toBe(backbone.parameterSpecs.length);
    backbone.dispose();
    tf.dispose([input, wrongChannels]);
    // dispose() releases the variables and the folded weights.
    expect(tf.memory().numTensors).toBe(beforeCreate);
  });
});

describe('createBackbone', () => {
  it('should list the valid names when the name is unknown', () => {
    expect(() => createBackbone('resnet35')).toThrow(InvalidArgumentError);
    expect(() => createBackbone('resnet35')).toThrow(/unknown backbone 'resnet35'; valid names: .*efficientnet_b3.*resnet34/);
  });

  it.each([
    [{ numClasses: 0 }, /numClasses must be a positive integer, received 0/],
    [{ inputShape: [32, 32, 2] as const }, /inputShape must be \[height >= 8, width >= 8, 1 \| 3\], received \[32, 32, 2\]/],
  ])('should reject invalid options %o', (options, message) => {
    expect(() => createBackbone('resnet18', options)).toThrow(message);
  });

  it('should refuse to run a disposed backbone', () => {
    const backbone = createBackbone('resnet18', { inputShape: [32, 32, 3] });
    backbone.dispose();
    const input = tf.zeros([1, 32, 32, 3]) as tf.Tensor4D;
    expect(() => backbone.predict(input)).toThrow(/resnet18\.forward: the backbone was disposed/);
    input.dispose();
  });

  it('should list the ResNet and EfficientNet families', () => {
    expect(listBackbones()).toEqual(expect.arrayContaining(['efficientnet_b0', 'efficientnet_b1', 'efficientnet_b2', 'efficientnet_b3', 'resnet101', 'resnet152', 'resnet18', 'resnet34', 'resnet50']));
  });
});
