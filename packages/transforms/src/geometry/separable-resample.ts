import type { AxisWeights } from './resize-weights';

/** Scratch buffer reused between calls so repeated resizes of the same size allocate nothing. */
export interface ResampleScratch {
  buffer: Float32Array;
}

function horizontalSingleChannel(source: Float32Array, width: number, firstRow: number, rows: number, columns: AxisWeights, middle: Float32Array): void {
  const { outSize, taps, starts, counts, weights } = columns;
  for (let row = 0; row < rows; row++) {
    const inputRow = (row + firstRow) * width;
    const middleRow = row * outSize;
    for (let x = 0; x < outSize; x++) {
      const start = inputRow + starts[x]!;
      const count = counts[x]!;
      const weightOffset = x * taps;
      let sum = 0;
      for (let k = 0; k < count; k++) sum += source[start + k]! * weights[weightOffset + k]!;
      middle[middleRow + x] = sum;
    }
  }
}

function horizontalInterleaved(
  source: Float32Array,
  width: number,
  channels: number,
  firstRow: number,
  rows: number,
  columns: AxisWeights,
  middle: Float32Array,
): void {
  const { outSize, taps, starts, counts, weights } = columns;
  for (let row = 0; row < rows; row++) {
    const inputRow = (row + firstRow) * width * channels;
    const middleRow = row * outSize * channels;
    for (let x = 0; x < outSize; x++) {
      const start = inputRow + starts[x]! * channels;
      const count = counts[x]!;
      const weightOffset = x * taps;
      for (let channel = 0; channel < channels; channel++) {
        let sum = 0;
        for (let k = 0; k < count; k++) sum += source[start + k * channels + channel]! * weights[weightOffset + k]!;
        middle[middleRow + x * channels + channel] = sum;
      }
    }
  }
}

/**
 * Applies column weights then row weights (horizontal pass first, as Pillow does) to an interleaved float32
 * image, writing into `output`. Only the input rows some output row needs are filtered horizontally, and the
 * vertical pass walks whole rows so its memory access stays sequential.
 */
export function resampleSeparable(
  source: Float32Array,
  width: number,
  channels: number,
  rows: AxisWeights,
  columns: AxisWeights,
  output: Float32Array,
  scratch: ResampleScratch,
): void {
  const outHeight = rows.outSize;
  const firstRow = rows.starts[0]!;
  const neededRows = rows.starts[outHeight - 1]! + rows.counts[outHeight - 1]! - firstRow;
  const rowStride = columns.outSize * channels;
  const size = neededRows * rowStride;
  if (scratch.buffer.length < size) scratch.buffer = new Float32Array(size);
  const middle = scratch.buffer;
  if (channels === 1) horizontalSingleChannel(source, width, firstRow, neededRows, columns, middle);
  else horizontalInterleaved(source, width, channels, firstRow, neededRows, columns, middle);

  const { taps, starts, counts, weights } = rows;
  for (let y = 0; y < outHeight; y++) {
    const outputRow = y * rowStride;
    const count = counts[y]!;
    let from = (starts[y]! - firstRow) * rowStride;
    let weight = weights[y * taps]!;
    for (let index = 0; index < rowStride; index++) output[outputRow + index] = middle[from + index]! * weight;
    for (let k = 1; k < count; k++) {
      from += rowStride;
      weight = weights[y * taps + k]!;
      for (let index = 0; index < rowStride; index++) output[outputRow + index]! += middle[from + index]! * weight;
    }
  }
}
