import { assertImage, ShapeError, type ImageArray } from '@spinedx/core';
import { roundHalfToEven } from '../geometry/crop';
import { axisWeights, windowOfWeights, type AxisWeights, type ResizeMethod } from '../geometry/resize-weights';
import { shortestEdgeSize } from '../geometry/resize-shortest-edge';
import { resampleSeparable, type ResampleScratch } from '../geometry/separable-resample';
import { assertFiniteImage, makeImage } from '../image-checks';
import type { LinearMap } from '../intensity/linear-scale';

/** What the fused evaluation path needs to know; built once by `preprocessFor`. */
export interface EvaluationPlan {
  /** Intensity map for an image (to [0, 1]). */
  intensityMap(image: ImageArray): LinearMap;
  /** True when `intensityMap` itself throws on NaN/Infinity, so no separate check is needed. */
  intensityChecksFinite: boolean;
  method: ResizeMethod;
  cropPct: number;
  height: number;
  width: number;
  channels: number;
  /** Per output channel: `(x - mean) / std` as `x * scale + offset`. */
  normalizeScale: Float64Array;
  normalizeOffset: Float64Array;
  reuseOutput: boolean;
}

/**
 * timm's evaluation resize (`transforms_imagenet_eval`): a square input scales the shortest edge to
 * `floor(size / cropPct)`, keeping the aspect ratio; a non-square one resizes to `floor(side / cropPct)` per axis.
 */
export function evaluationResizeSize(
  height: number,
  width: number,
  target: { height: number; width: number; cropPct: number },
): { height: number; width: number } {
  if (target.height === target.width) return shortestEdgeSize(height, width, Math.floor(target.height / target.cropPct));
  return { height: Math.floor(target.height / target.cropPct), width: Math.floor(target.width / target.cropPct) };
}

/** Replicates grey to the model's channels (or keeps them) and applies `x * scale + offset` per channel, in one write. */
function writeNormalized(resized: Float32Array, inChannels: number, output: Float32Array, plan: EvaluationPlan): void {
  const channels = plan.channels;
  const pixels = plan.height * plan.width;
  if (inChannels === 1 && channels === 3) {
    const [scale0, scale1, scale2] = plan.normalizeScale as unknown as [number, number, number];
    const [offset0, offset1, offset2] = plan.normalizeOffset as unknown as [number, number, number];
    for (let pixel = 0, to = 0; pixel < pixels; pixel++, to += 3) {
      const value = resized[pixel]!;
      output[to] = value * scale0 + offset0;
      output[to + 1] = value * scale1 + offset1;
      output[to + 2] = value * scale2 + offset2;
    }
    return;
  }
  for (let pixel = 0; pixel < pixels; pixel++) {
    for (let channel = 0; channel < channels; channel++) {
      const value = inChannels === 1 ? resized[pixel]! : resized[pixel * channels + channel]!;
      output[pixel * channels + channel] = value * plan.normalizeScale[channel]! + plan.normalizeOffset[channel]!;
    }
  }
}

/**
 * The evaluation pipeline fused for speed: intensity map into a reused buffer, then a separable resize that
 * computes only the centre-cropped outputs, then channel replication and mean/std normalisation in one
 * write. Equal (to float32 rounding) to composing the individual transforms; inner loops allocate nothing.
 */
export function createFusedEvaluation(plan: EvaluationPlan): (image: ImageArray) => ImageArray<Float32Array> {
  const tables = new Map<string, { rows: AxisWeights; columns: AxisWeights }>();
  const scratch: ResampleScratch = { buffer: new Float32Array(0) };
  let mapped = new Float32Array(0);
  const resized = new Float32Array(plan.height * plan.width * plan.channels);
  let output = new Float32Array(plan.height * plan.width * plan.channels);
  return (image) => {
    if (plan.intensityChecksFinite) assertImage(image, 'preprocessFor(evaluation)');
    else assertFiniteImage(image, 'preprocessFor(evaluation)');
    if (image.channels !== 1 && image.channels !== plan.channels) {
      throw new ShapeError(`preprocessFor(evaluation): expected a 1-channel or ${plan.channels}-channel image, received ${image.channels} channels`, {
        code: 'CHANNEL_MISMATCH',
      });
    }
    const key = `${image.height}x${image.width}`;
    let table = tables.get(key);
    const size = evaluationResizeSize(image.height, image.width, plan);
    if (table === undefined) {
      const shrinkBoth = size.height <= image.height && size.width <= image.width;
      const top = roundHalfToEven((size.height - plan.height) / 2);
      const left = roundHalfToEven((size.width - plan.width) / 2);
      table = {
        rows: windowOfWeights(axisWeights(plan.method, image.height, size.height, shrinkBoth), top, plan.height),
        columns: windowOfWeights(axisWeights(plan.method, image.width, size.width, shrinkBoth), left, plan.width),
      };
      if (tables.size > 8) tables.clear();
      tables.set(key, table);
    }
    const source = image.data;
    const map = plan.intensityMap(image);
    const inChannels = image.channels;
    const target = resized.subarray(0, plan.height * plan.width * inChannels);
    if (inChannels === 1 && source instanceof Float32Array) {
      // The common case (a float32 grey slice): the map is applied inside the resize, to the samples it reads.
      resampleSeparable(source, image.width, 1, table.rows, table.columns, target, scratch, map);
    } else {
      if (mapped.length < source.length) mapped = new Float32Array(source.length);
      const { scale, offset, low, high, clip } = map;
      for (let index = 0; index < source.length; index++) {
        const value = source[index]! * scale + offset;
        mapped[index] = clip ? (value < low ? low : value > high ? high : value) : value;
      }
      resampleSeparable(mapped, image.width, inChannels, table.rows, table.columns, target, scratch);
    }
    if (!plan.reuseOutput) output = new Float32Array(plan.height * plan.width * plan.channels);
    writeNormalized(target, inChannels, output, plan);
    const spacing: [number, number] | undefined =
      image.spacing === undefined ? undefined : [image.spacing[0] * (image.height / size.height), image.spacing[1] * (image.width / size.width)];
    return makeImage(output, plan.height, plan.width, plan.channels, spacing);
  };
}
