import * as tf from '@tensorflow/tfjs-core';
import { ShapeError } from '@spinedx/core';

/**
 * Table row of each (query, key) pair along one axis, as timm's `cal_rel_pos_type` computes it:
 * `dist = q * max(k/q, 1) - k * max(q/k, 1) + (k - 1) * max(q/k, 1)`, evaluated in float32 (PyTorch's default dtype)
 * and truncated. Returns `[queryLength * keyLength]`, row-major over (query, key).
 */
export function relativePositionIndices(queryLength: number, keyLength: number): Int32Array {
  const queryRatio = Math.fround(Math.max(keyLength / queryLength, 1));
  const keyRatio = Math.fround(Math.max(queryLength / keyLength, 1));
  const offset = Math.fround((keyLength - 1) * Math.max(queryLength / keyLength, 1));
  const indices = new Int32Array(queryLength * keyLength);
  for (let query = 0; query < queryLength; query++) {
    for (let key = 0; key < keyLength; key++) {
      const distance = Math.fround(Math.fround(Math.fround(query * queryRatio) - Math.fround(key * keyRatio)) + offset);
      indices[query * keyLength + key] = Math.trunc(distance);
    }
  }
  return indices;
}

/** Grids and tables of one decomposed relative-position add. */
export interface RelativePositionInputs {
  /** Query `[batch * heads, prefix + qh * qw, headDim]` (pooled and normalised, unscaled). */
  query: tf.Tensor3D;
  queryGrid: readonly [number, number];
  keyGrid: readonly [number, number];
  /** `rel_pos_h` / `rel_pos_w`, `[length, headDim]`. */
  tableHeight: tf.Tensor2D;
  tableWidth: tf.Tensor2D;
  indexHeight: Int32Array;
  indexWidth: Int32Array;
  /** Class tokens in front of the spatial tokens (0 or 1): their rows and columns get no bias. */
  numPrefixTokens: number;
}

/**
 * MViTv2's decomposed relative-position bias (timm `cal_rel_pos_type`), returned as a `[batch * heads, Lq, Lk]`
 * tensor to add to the attention logits: `bias[(y, x), (ky, kx)] = q(y, x) · Rh[y, ky] + q(y, x) · Rw[x, kx]`.
 * timm's two einsums become batched matMuls (one per query row / column), so the bias is differentiable in tfjs,
 * which has no einsum gradient. Prefix (class) token rows and columns get zero bias, as timm only adds to `[sp:, sp:]`.
 */
export function decomposedRelativePositionBias(inputs: RelativePositionInputs): tf.Tensor3D {
  const { query, queryGrid, keyGrid, tableHeight, tableWidth, indexHeight, indexWidth, numPrefixTokens } = inputs;
  const [queryHeight, queryWidth] = queryGrid;
  const [keyHeight, keyWidth] = keyGrid;
  const [batchHeads, queryTokens, headDim] = query.shape;
  if (queryTokens !== numPrefixTokens + queryHeight * queryWidth || indexHeight.length !== queryHeight * keyHeight || indexWidth.length !== queryWidth * keyWidth) {
    throw new ShapeError(
      `decomposedRelativePositionBias: expected ${numPrefixTokens} + ${queryHeight} x ${queryWidth} query tokens and ${queryHeight * keyHeight} / ${queryWidth * keyWidth} indices, ` +
        `received ${queryTokens} tokens and ${indexHeight.length} / ${indexWidth.length} indices`,
    );
  }
  return tf.tidy((): tf.Tensor3D => {
    const spatial = numPrefixTokens > 0 ? tf.slice(query, [0, numPrefixTokens, 0], [-1, -1, -1]) : query;
    const grid = tf.reshape(spatial, [batchHeads, queryHeight, queryWidth, headDim]);
    // Rh[y, ky] and Rw[x, kx]: [qh, kh, d] and [qw, kw, d].
    const relativeHeight = tf.reshape(tf.gather(tableHeight, tf.tensor1d(indexHeight, 'int32')), [queryHeight, keyHeight, headDim]);
    const relativeWidth = tf.reshape(tf.gather(tableWidth, tf.tensor1d(indexWidth, 'int32')), [queryWidth, keyWidth, headDim]);
    // Height term: for each query row y, [B*heads*qw, d] @ Rh[y]^T -> [qh, B*heads, qw, kh].
    const byRow = tf.reshape(tf.transpose(grid, [1, 0, 2, 3]), [queryHeight, batchHeads * queryWidth, headDim]);
    const heightTerm = tf.transpose(tf.reshape(tf.matMul(byRow, relativeHeight, false, true), [queryHeight, batchHeads, queryWidth, keyHeight]), [1, 0, 2, 3]);
    // Width term: for each query column x, [B*heads*qh, d] @ Rw[x]^T -> [qw, B*heads, qh, kw].
    const byColumn = tf.reshape(tf.transpose(grid, [2, 0, 1, 3]), [queryWidth, batchHeads * queryHeight, headDim]);
    const widthTerm = tf.transpose(tf.reshape(tf.matMul(byColumn, relativeWidth, false, true), [queryWidth, batchHeads, queryHeight, keyWidth]), [1, 2, 0, 3]);
    const bias = tf.add(
      tf.reshape(heightTerm, [batchHeads, queryHeight, queryWidth, keyHeight, 1]),
      tf.reshape(widthTerm, [batchHeads, queryHeight, queryWidth, 1, keyWidth]),
    );
    const flat = tf.reshape(bias, [batchHeads, queryHeight * queryWidth, keyHeight * keyWidth]);
    return (numPrefixTokens > 0 ? tf.pad(flat, [[0, 0], [numPrefixTokens, 0], [numPrefixTokens, 0]]) : flat) as tf.Tensor3D;
  });
}

/**
 * Resizes a relative-position table `[length, dim]` to `targetLength` rows as timm's `checkpoint_filter_fn` does:
 * `F.interpolate(mode='linear', align_corners=False)` along the rows, each column on its own
 * (source row `(i + 0.5) * length / targetLength - 0.5`, clamped at 0; the last row repeats past the end).
 */
export function interpolateRelativePositionTable(table: { shape: readonly number[]; data: Float32Array }, targetLength: number): { shape: number[]; data: Float32Array } {
  const [length, dim] = table.shape as [number, number];
  if (table.shape.length !== 2 || !Number.isInteger(targetLength) || targetLength < 1 || table.data.length !== length * dim) {
    throw new ShapeError(`interpolateRelativePositionTable: expected a [length, dim] table and a positive target length, received [${table.shape.join(', ')}] -> ${targetLength}`);
  }
  const data = new Float32Array(targetLength * dim);
  const scale = length / targetLength;
  for (let row = 0; row < targetLength; row++) {
    const source = Math.max(scale * (row + 0.5) - 0.5, 0);
    const lower = Math.min(Math.floor(source), length - 1);
    const upper = Math.min(lower + 1, length - 1);
    const weight = source - lower;
    for (let column = 0; column < dim; column++) {
      data[row * dim + column] = (1 - weight) * table.data[lower * dim + column]! + weight * table.data[upper * dim + column]!;
    }
  }
  return { shape: [targetLength, dim], data };
}
