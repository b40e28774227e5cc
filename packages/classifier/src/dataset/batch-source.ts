import * as tf from '@tensorflow/tfjs-core';
import { createRandom, type ImageArray } from '@spinedx/core';
import type { Preprocessing } from '@spinedx/transforms';
import { toInputTensor } from '@spinedx/transforms/tfjs';
import type { BatchSource } from '../training/trainer';
import { DatasetError } from './dataset-error';
import type { SliceCache } from './slice-cache';
import type { SliceSample } from './slice-sample';

/**
 * Turns samples into batches: each slice is decoded once (through the cache), then the evaluation pipeline, or the
 * training pipeline seeded per sample, makes the model input.
 */
export function createBatchSource(samples: readonly SliceSample[], preprocessing: Preprocessing, cache: SliceCache): BatchSource {
  return {
    size: samples.length,
    labels: samples.map((sample) => sample.label),
    async load(indices: readonly number[], seeds?: readonly number[]): Promise<tf.Tensor4D> {
      const images = await Promise.all(indices.map((index) => loadSample(samples[index]!, cache)));
      const inputs: ImageArray[] = images.map((image, position) =>
        seeds ? preprocessing.training(createRandom(seeds[position]!))(image) : preprocessing.evaluation(image),
      );
      return toInputTensor(inputs);
    },
  };
}

async function loadSample(sample: SliceSample, cache: SliceCache): Promise<ImageArray> {
  try {
    return await cache.get(sample.id, () => sample.load());
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatasetError(`cannot load slice '${sample.id}' of patient '${sample.patientId}': ${reason}`, 'UNREADABLE_SAMPLE', { cause: error });
  }
}
