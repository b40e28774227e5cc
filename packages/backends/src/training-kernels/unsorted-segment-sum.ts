import { ShapeError } from '@spinedx/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * Sums the slices of `x` that share a segment id: out[s, …] = Σ_{i: ids[i] = s} x[i, …]; ids outside
 * [0, numSegments) are dropped, as in TensorFlow. `segmentIds` indexes the leading axes of `x`. A plain loop over
 * the data (the gradient of gather, e.g. relative-position lookups, is small and memory-bound).
 */
export function unsortedSegmentSum(x: tf.TensorInfo, segmentIds: tf.TensorInfo, numSegments: number, backend: tf.KernelBackend): tf.Tensor {
  const leading = x.shape.slice(0, segmentIds.shape.length);
  if (leading.length !== segmentIds.shape.length || leading.some((size, axis) => size !== segmentIds.shape[axis])) {
    throw new ShapeError(`unsortedSegmentSum: expected segmentIds shape to prefix x shape [${x.shape.join(', ')}]; received [${segmentIds.shape.join(', ')}]`);
  }
  const values = backend.readSync(x.dataId) as Float32Array | Int32Array;
  const ids = backend.readSync(segmentIds.dataId) as Int32Array;
  const rowSize = ids.length === 0 ? 0 : values.length / ids.length;
  const result = x.dtype === 'int32' ? new Int32Array(numSegments * rowSize) : new Float32Array(numSegments * rowSize);
  for (let index = 0; index < ids.length; index++) {
    const segment = ids[index]!;
    if (segment < 0 || segment >= numSegments) continue;
    const source = index * rowSize;
    const target = segment * rowSize;
    for (let offset = 0; offset < rowSize; offset++) result[target + offset]! += values[source + offset]!;
  }
  return tf.tensor(result, [numSegments, ...x.shape.slice(segmentIds.shape.length)], x.dtype);
}
