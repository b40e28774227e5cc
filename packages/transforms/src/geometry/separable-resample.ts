import type { TypedArray } from '@spinedx/core';
import type { AxisWeights } from './resize-weights';

/** Scratch buffer reused between calls so repeated resizes of the same size allocate nothing. */
export interface ResampleScratch {
  buffer: Float32Array;
}

/**
 * Applies row weights then column weights (horizontal pass first, as Pillow does) to an interleaved image.
 * Only the input rows some output row needs are filtered horizontally. Writes into `output`.
 */
export function resampleSeparable(
  source: TypedArray,
  width: number,
  channels: number,
  rows: AxisWeights,
  columns: AxisWeights,
  output: Float32Array,
  scratch: ResampleScratch,
): void {
  const outHeight = rows.outSize;
  const outWidth = columns.outSize;
  const firstRow = rows.starts[0]!;
  const lastRow = rows.starts[outHeight - 1]! + rows.counts[outHeight - 1]!;
  const neededRows = lastRow - firstRow;
  const rowStride = outWidth * channels;
  const size = neededRows * rowStride;
  if (scratch.buffer.length < size) scratch.buffer = new Float32Array(size);
  const middle = scratch.buffer;

  const columnTaps = columns.taps;
  const columnStarts = columns.starts;
  const columnCounts = columns.counts;
  const columnWeights = columns.weights;
  for (let row = 0; row < neededRows; row++) {
    const inputRow = (row + firstRow) * width * channels;
    const middleRow = row * rowStride;
    for (let x = 0; x < outWidth; x++) {
      const start = inputRow + columnStarts[x]! * channels;
      const count = columnCounts[x]!;
      const weightOffset = x * columnTaps;
      for (let channel = 0; channel < channels; channel++) {
        let sum = 0;
        for (let k = 0; k < count; k++) sum += source[start + k * channels + channel]! * columnWeights[weightOffset + k]!;
        middle[middleRow + x * channels + channel] = sum;
      }
    }
  }

  const rowTaps = rows.taps;
  for (let y = 0; y < outHeight; y++) {
    const start = (rows.starts[y]! - firstRow) * rowStride;
    const count = rows.counts[y]!;
    const weightOffset = y * rowTaps;
    const outputRow = y * rowStride;
    for (let index = 0; index < rowStride; index++) {
      let sum = 0;
      for (let k = 0; k < count; k++) sum += middle[start + k * rowStride + index]! * rows.weights[weightOffset + k]!;
      output[outputRow + index] = sum;
    }
  }
}
