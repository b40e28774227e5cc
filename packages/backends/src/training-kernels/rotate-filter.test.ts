import { createRandom } from '@spinedx/core';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { randomTensor, relativeMaxDifference } from './random-conv-cases.test-helper';
import { rotateFilter180 } from './rotate-filter';

const seed = Number(process.env.SPINEDX_TEST_SEED ?? 1307);

tf.env().set('PROD', true);
beforeAll(async () => {
  await tf.setBackend('wasm');
  await tf.setBackend('cpu');
});

describe('rotateFilter180', () => {
  // Channel counts straddle the 32-wide transpose tile; 1 × n and n × 1 take the copy-only path.
  it.each([
    [[3, 3, 33, 70], true],
    [[5, 2, 1, 7], true],
    [[1, 1, 64, 1], true],
    [[2, 3, 40, 37], false],
    [[3, 1, 6, 1], false],
  ] as const)('should equal tf.reverse over space (and a channel transpose) for %j, swap %s, on cpu and wasm', async (shape, swapChannels) => {
    for (const backend of ['cpu', 'wasm']) {
      await tf.setBackend(backend);
      const filter = randomTensor(createRandom(seed + shape[2]), [...shape]) as tf.Tensor4D;
      const before = tf.memory().numTensors;
      const expected = tf.tidy(() => (swapChannels ? tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]) : tf.reverse(filter, [0, 1])));
      const actual = rotateFilter180(filter, tf.backend(), swapChannels);
      expect(await relativeMaxDifference(actual, expected)).toBe(0);
      tf.dispose([actual, expected]);
      expect(tf.memory().numTensors).toBe(before);
      filter.dispose();
    }
  });
});
