import { InvalidArgumentError, type ImageArray, type Random } from '@spinedx/core';
import { randomBiasField } from '../augment/bias-field';
import { randomCoarseDropout } from '../augment/coarse-dropout';
import { randomGaussianNoise } from '../augment/gaussian-noise';
import { randomGibbsRinging } from '../augment/gibbs-ringing';
import { randomKSpaceSpike } from '../augment/k-space-spike';
import { randomAffine } from '../augment/random-affine';
import { randomCrop } from '../augment/random-crop';
import { randomFlip } from '../augment/random-flip';
import { randomGamma } from '../augment/random-gamma';
import { compose, type Transform } from '../compose';
import { letterbox } from '../geometry/letterbox';
import { resize } from '../geometry/resize';
import { assertFiniteImage, assertInRange } from '../image-checks';
import { applyLinearMap, rangeMap, type LinearMap } from '../intensity/linear-scale';
import { normalize } from '../intensity/normalize';
import { computePercentiles } from '../intensity/percentile';
import { replicateChannels } from '../intensity/replicate-channels';
import { createFusedEvaluation, evaluationResizeSize } from './evaluation-pipeline';
import type { AugmentationOptions, IntensityStep, PreprocessConfig, PreprocessOptions, WithProbability } from './preprocess-config';

/** The two pipelines of a backbone, from {@link preprocessFor}. */
export interface Preprocessing {
  /** Deterministic: intensity step, resize, centre crop (or letterbox), channels, mean/std. */
  evaluation: Transform;
  /** Augmented: a transform drawing every random choice from `random`; the same seed gives the same images. */
  training: (random: Random) => Transform;
  /** Output shape `[height, width, channels]` of both pipelines. */
  outputShape: readonly [number, number, number];
  /** The mean and std applied, one per output channel (1-channel input averages the config's values). */
  mean: readonly number[];
  std: readonly number[];
}

const defaultIntensity: IntensityStep = { kind: 'percentiles', lower: 0.5, upper: 99.5 };

/** The intensity step as a linear map to [0, 1] (each supported step is linear with optional clipping). */
function intensityMapFor(step: IntensityStep): (image: ImageArray) => LinearMap {
  if (step.kind === 'percentiles') {
    assertInRange('preprocessFor', 'intensity.lower', step.lower, 0, 100);
    assertInRange('preprocessFor', 'intensity.upper', step.upper, step.lower, 100);
    return (image) => {
      const [low, high] = computePercentiles(image.data, [step.lower, step.upper], 'preprocessFor') as [number, number];
      return rangeMap(low, high, 0, 1, true);
    };
  }
  if (step.kind === 'window') {
    // DICOM LINEAR window (PS3.3 C.11.2.1.2.1) = a clipped linear map.
    if (!(Number.isFinite(step.center) && Number.isFinite(step.width) && step.width >= 1)) {
      throw new InvalidArgumentError(`preprocessFor: intensity window needs a finite center and width >= 1, received center ${step.center}, width ${step.width}`);
    }
    const scale = 1 / (step.width - 1 || 1);
    const map: LinearMap = { scale, offset: 0.5 - (step.center - 0.5) * scale, low: 0, high: 1, clip: true };
    return () => map;
  }
  if (step.kind === 'min-max') {
    return (image) => {
      let minimum = Infinity;
      let maximum = -Infinity;
      for (let index = 0; index < image.data.length; index++) {
        minimum = Math.min(minimum, image.data[index]!);
        maximum = Math.max(maximum, image.data[index]!);
      }
      return rangeMap(minimum, maximum, 0, 1, false);
    };
  }
  if (step.kind === 'none') {
    const identity: LinearMap = { scale: 1, offset: 0, low: 0, high: 1, clip: false };
    return () => identity;
  }
  throw new InvalidArgumentError(`preprocessFor: intensity.kind must be 'percentiles', 'window', 'min-max' or 'none', received ${String((step as { kind: unknown }).kind)}`);
}

function validateConfig(config: PreprocessConfig, channels: number): void {
  const [, height, width] = config.inputSize;
  if (!Number.isInteger(height) || !Number.isInteger(width) || height <= 0 || width <= 0) {
    throw new InvalidArgumentError(`preprocessFor: inputSize must be [channels, height, width] with positive integers, received [${config.inputSize.join(', ')}]`, {
      code: 'INVALID_SIZE',
    });
  }
  if (config.interpolation !== 'bilinear' && config.interpolation !== 'bicubic') {
    throw new InvalidArgumentError(`preprocessFor: interpolation must be 'bilinear' or 'bicubic', received ${String(config.interpolation)}`);
  }
  assertInRange('preprocessFor', 'cropPct', config.cropPct, Number.MIN_VALUE, 1);
  if (channels !== 1 && channels !== 3) throw new InvalidArgumentError(`preprocessFor: channels must be 1 or 3, received ${String(channels)}`);
  if (config.mean.length !== 3 && config.mean.length !== channels) {
    throw new InvalidArgumentError(`preprocessFor: mean must have 3 or ${channels} values, received ${config.mean.length}`, { code: 'CHANNEL_MISMATCH' });
  }
  if (config.std.length !== config.mean.length) {
    throw new InvalidArgumentError(`preprocessFor: std must have as many values as mean (${config.mean.length}), received ${config.std.length}`, {
      code: 'CHANNEL_MISMATCH',
    });
  }
}

/** One-channel models see grey: their statistics are the average of the three colour channels'. */
function statisticsFor(values: readonly number[], channels: number): number[] {
  if (values.length === channels) return [...values];
  const average = values.reduce((sum, value) => sum + value, 0) / values.length;
  return Array.from({ length: channels }, () => average);
}

/** Wraps a random augmentation so it runs with its probability (drawn first, so streams stay aligned). */
function maybe<T extends object>(
  setting: WithProbability<T> | undefined,
  defaultProbability: number,
  name: string,
  apply: (image: ImageArray, random: Random, options: T) => ImageArray,
): ((random: Random) => Transform) | undefined {
  if (setting === false) return undefined;
  const options = (setting ?? {}) as T & { probability?: number };
  const probability = options.probability ?? defaultProbability;
  assertInRange('preprocessFor', `augmentation.${name}.probability`, probability, 0, 1);
  return (random) => (image) => (random.next() < probability ? apply(image, random, options) : image);
}

function augmentationSteps(augmentation: AugmentationOptions): Array<(random: Random) => Transform> {
  return [
    maybe(augmentation.gamma, 0.3, 'gamma', randomGamma),
    maybe(augmentation.biasField, 0.3, 'biasField', randomBiasField),
    maybe(augmentation.noise, 0.3, 'noise', randomGaussianNoise),
    maybe(augmentation.spike, 0.05, 'spike', randomKSpaceSpike),
    maybe(augmentation.gibbs, 0.05, 'gibbs', randomGibbsRinging),
    maybe(augmentation.dropout, 0.2, 'dropout', randomCoarseDropout),
  ].filter((step): step is (random: Random) => Transform => step !== undefined);
}

/**
 * Builds the evaluation and training pipelines for a backbone's pretrained config, so callers never assemble
 * them by hand. Evaluation follows timm's `transforms_imagenet_eval` (resize to `floor(size / cropPct)` with
 * the config's interpolation, centre crop) after an MR intensity step, then replicates grey to the model's
 * channels and normalises with the config's mean/std. Training replaces the centre crop by a random crop and
 * adds the seeded augmentations of `options.augmentation` (affine before cropping, the rest after).
 */
export function preprocessFor(config: PreprocessConfig, options: PreprocessOptions = {}): Preprocessing {
  const channels = options.channels ?? config.inputSize[0];
  validateConfig(config, channels);
  const [, height, width] = config.inputSize;
  const method = config.interpolation;
  const mean = statisticsFor(config.mean, channels);
  const std = statisticsFor(config.std, channels);
  std.forEach((value) => {
    if (!(value > 0)) throw new InvalidArgumentError(`preprocessFor: std values must be > 0, received ${value}`);
  });
  const intensityMap = intensityMapFor(options.intensity ?? defaultIntensity);
  const fit = options.fit ?? 'crop';
  if (fit !== 'crop' && fit !== 'letterbox') throw new InvalidArgumentError(`preprocessFor: fit must be 'crop' or 'letterbox', received ${String(fit)}`);
  if (fit === 'letterbox' && height !== width) {
    throw new InvalidArgumentError(`preprocessFor: fit 'letterbox' needs a square input size, received ${height}x${width}`, { code: 'INVALID_SIZE' });
  }
  const intensity: Transform = (image) => {
    assertFiniteImage(image, 'preprocessFor');
    return applyLinearMap(image, intensityMap(image));
  };
  const finish: Transform = (image) => normalize(replicateChannels(image, channels), { mean, std });
  const scaleToFit: Transform =
    fit === 'letterbox'
      ? (image) => letterbox(image, { size: height, method })
      : (image) => resize(image, { ...evaluationResizeSize(image.height, image.width, { height, width, cropPct: config.cropPct }), method });

  const evaluation: Transform =
    fit === 'crop'
      ? createFusedEvaluation({
          intensityMap,
          // Percentile selection rejects NaN/Infinity itself, saving a pass over the image.
          intensityChecksFinite: (options.intensity ?? defaultIntensity).kind === 'percentiles',
          method,
          cropPct: config.cropPct,
          height,
          width,
          channels,
          normalizeScale: Float64Array.from(std, (value) => 1 / value),
          normalizeOffset: Float64Array.from(mean, (value, channel) => -value / std[channel]!),
          reuseOutput: options.reuseOutput ?? false,
        })
      : compose([intensity, scaleToFit, finish]);

  const augmentation = options.augmentation === false ? {} : (options.augmentation ?? {});
  const disabled = options.augmentation === false;
  const affine = disabled ? undefined : maybe(augmentation.affine, 0.8, 'affine', randomAffine);
  const flipSetting = disabled ? false : (augmentation.flip ?? {});
  const flipProbability = flipSetting === false ? 0 : (flipSetting.probability ?? 0.5);
  assertInRange('preprocessFor', 'augmentation.flip.probability', flipProbability, 0, 1);
  const laterSteps = disabled ? [] : augmentationSteps(augmentation);

  const training = (random: Random): Transform => {
    const steps: Transform[] = [intensity, scaleToFit];
    if (affine) steps.push(affine(random));
    if (fit === 'crop') steps.push((image) => randomCrop(image, random, { height, width }));
    if (flipProbability > 0) steps.push((image) => randomFlip(image, random, { probability: flipProbability, axis: 'horizontal' }));
    for (const step of laterSteps) steps.push(step(random));
    steps.push(finish);
    return compose(steps);
  };

  return { evaluation, training, outputShape: [height, width, channels], mean, std };
}
