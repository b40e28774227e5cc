import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { trainModel, type BatchSource, type TrainableModel, type TrainingEvent } from './trainer';

// A linear model over a 1x1x2 "image": small enough to check the loop's bookkeeping exactly.
function linearModel(): TrainableModel & { dispose(): void } {
  const variables = new Map<string, tf.Variable>([
    ['fc.weight', tf.variable(tf.zeros([2, 2]))],
    ['fc.bias', tf.variable(tf.zeros([2]))],
  ]);
  return {
    numClasses: 2,
    variables,
    forward: (input) => tf.add(tf.matMul(tf.reshape(input, [input.shape[0], 2]), variables.get('fc.weight')!), variables.get('fc.bias')!) as tf.Tensor2D,
    trainableVariables: () => [...variables.values()],
    dispose: () => tf.dispose([...variables.values()]),
  };
}

// Class 1 images have a larger first feature: separable.
function source(size: number): BatchSource {
  const labels = Array.from({ length: size }, (_, index) => index % 2);
  return {
    size,
    labels,
    load: async (indices) => tf.tensor4d(indices.flatMap((index) => [labels[index]! * 2 - 1, 0.5]), [indices.length, 1, 1, 2]),
  };
}

async function batchesPerEpoch(size: number, dropLast?: boolean): Promise<number> {
  const model = linearModel();
  const events: TrainingEvent[] = [];
  await trainModel(model, source(size), undefined, { epochs: 1, batchSize: 4, dropLast, onProgress: (event) => events.push(event) });
  model.dispose();
  return events.filter((event) => event.type === 'batch').length;
}

describe('trainModel', () => {
  it.each([
    [8, undefined, 2],
    [10, undefined, 3],
    [9, undefined, 2], // a last batch of one image is dropped
    [10, true, 2],
  ])('should run the right number of batches for %i samples (dropLast %s)', async (size, dropLast, expected) => {
    expect(await batchesPerEpoch(size, dropLast)).toBe(expected);
  });

  it('should learn a separable problem, validate each epoch and leave no tensors behind', async () => {
    const model = linearModel();
    const before = tf.memory().numTensors;
    const history = await trainModel(model, source(16), source(8), { epochs: 5, batchSize: 4, learningRate: 0.1, seed: 1 });
    expect(history.epochs).toHaveLength(5);
    expect(history.epochs[4]!.validation!.accuracy).toBe(1);
    expect(history.epochs[4]!.validation!.auc).toBe(1);
    expect(history.epochs[4]!.trainLoss).toBeLessThan(history.epochs[0]!.trainLoss);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('should stop early and restore the best epoch when validation stops improving', async () => {
    const model = linearModel();
    // Validation labels are the opposite of training: the more it learns, the worse validation gets.
    const flipped: BatchSource = { ...source(8), labels: source(8).labels.map((label) => 1 - label) };
    const history = await trainModel(model, source(16), flipped, { epochs: 10, batchSize: 4, learningRate: 0.1, earlyStopping: { patience: 2 } });
    expect(history.stoppedEarly).toBe(true);
    expect(history.epochs.length).toBeLessThan(10);
    expect(history.bestEpoch).toBe(0);
    model.dispose();
  });
});
