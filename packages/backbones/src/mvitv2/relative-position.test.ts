import * as tf from '@tensorflow/tfjs';
import { createRandom, ShapeError } from '@spinedx/core';
import { describe, expect, it } from 'vitest';
import { decomposedRelativePositionBias, interpolateRelativePositionTable, relativePositionIndices } from './relative-position';

describe('relativePositionIndices', () => {
  it.each([
    // Equal lengths: dist = q - k + (k - 1).
    [3, 3, [2, 1, 0, 3, 2, 1, 4, 3, 2]],
    // Keys pooled 2x (timm stage 0, q 4 / k 2): key ratio 2, dist = q - 2k + 2.
    [4, 2, [2, 0, 3, 1, 4, 2, 5, 3]],
    // Query pooled 2x: query ratio 2, dist = 2q - k + 3.
    [2, 4, [3, 2, 1, 0, 5, 4, 3, 2]],
  ])('should index the table as timm cal_rel_pos_type does for %i queries and %i keys', (queries, keys, want) => {
    expect([...relativePositionIndices(queries, keys)]).toEqual(want);
  });
});

describe('decomposedRelativePositionBias', () => {
  const random = createRandom(5);
  const values = (count: number): number[] => Array.from({ length: count }, () => random.uniform(-1, 1));

  it.each([
    ['square grids without a class token', [3, 3], [3, 3], 0],
    ['a strided key grid and non-square query grid', [4, 2], [2, 1], 0],
    ['a class token (zero bias on its row and column)', [2, 2], [2, 2], 1],
  ] as const)('should equal a brute-force loop over (query, key) pairs for %s', (_, queryGrid, keyGrid, prefix) => {
    const [batchHeads, headDim] = [3, 4];
    const indexHeight = relativePositionIndices(queryGrid[0], keyGrid[0]);
    const indexWidth = relativePositionIndices(queryGrid[1], keyGrid[1]);
    const length = Math.max(...indexHeight, ...indexWidth) + 1;
    const queryTokens = prefix + queryGrid[0] * queryGrid[1];
    const keyTokens = prefix + keyGrid[0] * keyGrid[1];
    const queryData = values(batchHeads * queryTokens * headDim);
    const heightData = values(length * headDim);
    const widthData = values(length * headDim);
    const query = tf.tensor3d(queryData, [batchHeads, queryTokens, headDim]);
    const tableHeight = tf.tensor2d(heightData, [length, headDim]);
    const tableWidth = tf.tensor2d(widthData, [length, headDim]);
    const before = tf.memory().numTensors;
    const bias = decomposedRelativePositionBias({ query, queryGrid, keyGrid, tableHeight, tableWidth, indexHeight, indexWidth, numPrefixTokens: prefix });
    const got = bias.dataSync();
    bias.dispose();
    const leaked = tf.memory().numTensors - before;
    tf.dispose([query, tableHeight, tableWidth]);

    const want: number[] = [];
    for (let b = 0; b < batchHeads; b++) {
      for (let i = 0; i < queryTokens; i++) {
        for (let j = 0; j < keyTokens; j++) {
          if (i < prefix || j < prefix) {
            want.push(0);
            continue;
          }
          const [qy, qx] = [Math.floor((i - prefix) / queryGrid[1]), (i - prefix) % queryGrid[1]];
          const [ky, kx] = [Math.floor((j - prefix) / keyGrid[1]), (j - prefix) % keyGrid[1]];
          const rowHeight = indexHeight[qy * keyGrid[0] + ky]!;
          const rowWidth = indexWidth[qx * keyGrid[1] + kx]!;
          let sum = 0;
          for (let d = 0; d < headDim; d++) {
            const q = queryData[(b * queryTokens + i) * headDim + d]!;
            sum += q * heightData[rowHeight * headDim + d]! + q * widthData[rowWidth * headDim + d]!;
          }
          want.push(sum);
        }
      }
    }
    const worst = Math.max(...want.map((value, index) => Math.abs(value - got[index]!)));
    expect([got.length, leaked, worst < 1e-5]).toEqual([want.length, 0, true]);
  });

  it('should throw a ShapeError when the token count does not match the grid', () => {
    const query = tf.zeros([1, 5, 2]) as tf.Tensor3D;
    const table = tf.zeros([3, 2]) as tf.Tensor2D;
    const call = () =>
      decomposedRelativePositionBias({ query, queryGrid: [2, 2], keyGrid: [2, 2], tableHeight: table, tableWidth: table, indexHeight: relativePositionIndices(2, 2), indexWidth: relativePositionIndices(2, 2), numPrefixTokens: 0 });
    expect(call).toThrow(ShapeError);
    tf.dispose([query, table]);
  });
});

describe('interpolateRelativePositionTable', () => {
  // Expected rows printed by PyTorch 1.13 (Debian python3-torch):
  // F.interpolate(t.reshape(1, L, -1).permute(0, 2, 1), size=n, mode='linear').reshape(-1, n).permute(1, 0)
  it.each([
    ['upsampling 3 -> 5', [3, 2], [0, 10, 1, 20, 3, 40], 5, [0, 10, 0.4, 14, 1, 20, 2.2, 32, 3, 40]],
    ['downsampling 5 -> 3', [5, 1], [0, 1, 4, 9, 16], 3, [0.3333333, 4, 13.666666]],
    ['keeping the length', [2, 2], [1, 2, 3, 4], 2, [1, 2, 3, 4]],
  ] as const)('should resize like torch linear interpolation (%s)', (_, shape, data, target, want) => {
    const resized = interpolateRelativePositionTable({ shape, data: Float32Array.from(data) }, target);
    expect(resized.shape).toEqual([target, shape[1]]);
    want.forEach((value, index) => expect(resized.data[index]).toBeCloseTo(value, 5));
  });

  it('should throw a ShapeError for a table that is not 2-D', () => {
    expect(() => interpolateRelativePositionTable({ shape: [4], data: new Float32Array(4) }, 3)).toThrow(/expected a \[length, dim\] table/);
  });
});
