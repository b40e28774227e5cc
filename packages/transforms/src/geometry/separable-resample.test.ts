import { createRandom } from '@spinedx/core';
import { describe, expect, it } from 'vitest';
import type { LinearMap } from '../intensity/linear-scale';
import { axisWeights, windowOfWeights, type AxisWeights, type ResizeMethod } from './resize-weights';
import { resampleSeparable } from './separable-resample';

/** The definition: every output a double sum over its rows' and columns' weights, in float64. */
function naiveResample(source: Float32Array, width: number, channels: number, rows: AxisWeights, columns: AxisWeights, map?: LinearMap): Float64Array {
  const mapped = (value: number): number => {
    if (map === undefined) return value;
    const scaled = Math.fround(value * map.scale + map.offset);
    return map.clip ? Math.min(Math.max(scaled, Math.fround(map.low)), Math.fround(map.high)) : scaled;
  };
  const output = new Float64Array(rows.outSize * columns.outSize * channels);
  for (let y = 0; y < rows.outSize; y++) {
    for (let x = 0; x < columns.outSize; x++) {
      for (let channel = 0; channel < channels; channel++) {
        let sum = 0;
        for (let i = 0; i < rows.counts[y]!; i++) {
          for (let j = 0; j < columns.counts[x]!; j++) {
            const value = source[((rows.starts[y]! + i) * width + columns.starts[x]! + j) * channels + channel]!;
            sum += mapped(value) * rows.weights[y * rows.taps + i]! * columns.weights[x * columns.taps + j]!;
          }
        }
        output[(y * columns.outSize + x) * channels + channel] = sum;
      }
    }
  }
  return output;
}

function randomImage(height: number, width: number, channels: number, seed: number): Float32Array {
  const random = createRandom(seed);
  return Float32Array.from({ length: height * width * channels }, () => random.uniform(-200, 1200));
}

function worstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let index = 0; index < a.length; index++) worst = Math.max(worst, Math.abs(a[index]! - b[index]!));
  return worst;
}

describe('resampleSeparable', () => {
  // 64 -> 32 cropped to 28 is the shape of the model-input path (every output 4 taps with equal weights);
  // the others take the general per-output weights.
  it.each([
    ['bilinear', 64, 32, 2, 28],
    ['bilinear', 64, 32, 0, 32],
    ['bicubic', 30, 45, 3, 40],
    ['bilinear', 51, 23, 1, 20],
    ['area', 40, 17, 0, 17],
  ] as const)('should equal the weighted double sum (%s %i -> %i, window from %i, %i outputs)', (method, inSize, outSize, first, count) => {
    const table = windowOfWeights(axisWeights(method as ResizeMethod, inSize, outSize, true), first, count);
    for (const channels of [1, 3]) {
      const source = randomImage(inSize, inSize, channels, inSize * 7 + channels);
      const output = new Float32Array(count * count * channels);
      resampleSeparable(source, inSize, channels, table, table, output, { buffer: new Float32Array(0) });
      expect(worstDifference(output, naiveResample(source, inSize, channels, table, table))).toBeLessThan(2e-3);
    }
  });

  it.each([true, false])('should apply a linear map (clip %s) to single-channel input as if mapped beforehand', (clip) => {
    const table = windowOfWeights(axisWeights('bilinear', 64, 32, true), 2, 28);
    const source = randomImage(64, 64, 1, 5);
    const map: LinearMap = { scale: 1 / 900, offset: 0.1, low: 0, high: 1, clip };
    const output = new Float32Array(28 * 28);
    resampleSeparable(source, 64, 1, table, table, output, { buffer: new Float32Array(0) }, map);
    const expected = naiveResample(source, 64, 1, table, table, map);
    expect(worstDifference(output, expected)).toBeLessThan(1e-6);
    // Clipping really happened (values beyond [0, 1] exist before it), so the two cases differ.
    const unclipped = naiveResample(source, 64, 1, table, table, { ...map, clip: false });
    expect(worstDifference(expected, unclipped) > 1e-3).toBe(clip);
  });

  it('should reuse its scratch buffers between calls of the same size', () => {
    const table = windowOfWeights(axisWeights('bilinear', 64, 32, true), 2, 28);
    const scratch = { buffer: new Float32Array(0) } as { buffer: Float32Array; row?: Float32Array };
    const output = new Float32Array(28 * 28);
    const map: LinearMap = { scale: 1, offset: 0, low: 0, high: 500, clip: true };
    resampleSeparable(randomImage(64, 64, 1, 1), 64, 1, table, table, output, scratch, map);
    const [buffer, row] = [scratch.buffer, scratch.row];
    resampleSeparable(randomImage(64, 64, 1, 2), 64, 1, table, table, output, scratch, map);
    expect(scratch.buffer).toBe(buffer);
    expect(scratch.row).toBe(row);
  });
});
