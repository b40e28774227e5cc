import type { LinearMap } from '../intensity/linear-scale';
import type { AxisWeights } from './resize-weights';

/** Scratch buffers reused between calls so repeated resizes of the same size allocate nothing. */
export interface ResampleScratch {
  buffer: Float32Array;
  /** One mapped input row when a {@link LinearMap} is applied on the way in. */
  row?: Float32Array;
}

/**
 * The step between consecutive outputs' first inputs when every output uses the same 4 weights (a whole-number
 * reduction such as bilinear 512 -> 256), else 0. Such rows are filtered with the weights held in registers.
 */
function uniformFourTapStep(columns: AxisWeights): number {
  const { outSize, taps, starts, counts, weights } = columns;
  if (outSize < 2) return 0;
  const step = starts[1]! - starts[0]!;
  for (let x = 0; x < outSize; x++) {
    if (counts[x] !== 4 || starts[x] !== starts[0]! + x * step) return 0;
    for (let k = 0; k < 4; k++) if (weights[x * taps + k] !== weights[k]) return 0;
  }
  return step;
}

/** Filters one single-channel row (`row[rowOffset + column]`) into `middle[middleOffset + x]`. */
function filterRow(row: Float32Array, rowOffset: number, columns: AxisWeights, middle: Float32Array, middleOffset: number, uniformStep: number): void {
  const { outSize, taps, starts, counts, weights } = columns;
  if (uniformStep > 0) {
    const w0 = weights[0]!;
    const w1 = weights[1]!;
    const w2 = weights[2]!;
    const w3 = weights[3]!;
    for (let x = 0, start = rowOffset + starts[0]!; x < outSize; x++, start += uniformStep) {
      middle[middleOffset + x] = row[start]! * w0 + row[start + 1]! * w1 + row[start + 2]! * w2 + row[start + 3]! * w3;
    }
    return;
  }
  for (let x = 0; x < outSize; x++) {
    const start = rowOffset + starts[x]!;
    const count = counts[x]!;
    const weightOffset = x * taps;
    let sum: number;
    // The 4-tap case (bilinear at a 2x reduction, bicubic upscaling) unrolled: the hot path of model inputs.
    if (count === 4) {
      sum = row[start]! * weights[weightOffset]! + row[start + 1]! * weights[weightOffset + 1]! + row[start + 2]! * weights[weightOffset + 2]! + row[start + 3]! * weights[weightOffset + 3]!;
    } else {
      sum = 0;
      for (let k = 0; k < count; k++) sum += row[start + k]! * weights[weightOffset + k]!;
    }
    middle[middleOffset + x] = sum;
  }
}

function horizontalSingleChannel(
  source: Float32Array,
  width: number,
  firstRow: number,
  rows: number,
  columns: AxisWeights,
  middle: Float32Array,
  map: LinearMap | undefined,
  scratch: ResampleScratch,
): void {
  const uniformStep = uniformFourTapStep(columns);
  if (map === undefined) {
    for (let row = 0; row < rows; row++) filterRow(source, (row + firstRow) * width, columns, middle, row * columns.outSize, uniformStep);
    return;
  }
  // Mapping only the columns the filter reads, one row at a time into a buffer that stays in cache.
  const firstColumn = columns.starts[0]!;
  const endColumn = columns.starts[columns.outSize - 1]! + columns.counts[columns.outSize - 1]!;
  if (scratch.row === undefined || scratch.row.length < width) scratch.row = new Float32Array(width);
  const buffer = scratch.row;
  const { scale, offset, low, high, clip } = map;
  for (let row = 0; row < rows; row++) {
    const inputRow = (row + firstRow) * width;
    if (clip) {
      for (let column = firstColumn; column < endColumn; column++) {
        const value = source[inputRow + column]! * scale + offset;
        buffer[column] = value < low ? low : value > high ? high : value;
      }
    } else for (let column = firstColumn; column < endColumn; column++) buffer[column] = source[inputRow + column]! * scale + offset;
    filterRow(buffer, 0, columns, middle, row * columns.outSize, uniformStep);
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

/** Combines `count` rows of `middle` (stride `rowStride`, from `from`) with `weights[weightOffset + k]` into one output row. */
function combineRows(middle: Float32Array, from: number, rowStride: number, count: number, weights: Float32Array, weightOffset: number, output: Float32Array, outputRow: number): void {
  if (count === 4) {
    const w0 = weights[weightOffset]!;
    const w1 = weights[weightOffset + 1]!;
    const w2 = weights[weightOffset + 2]!;
    const w3 = weights[weightOffset + 3]!;
    const from1 = from + rowStride;
    const from2 = from1 + rowStride;
    const from3 = from2 + rowStride;
    for (let index = 0; index < rowStride; index++) {
      output[outputRow + index] = middle[from + index]! * w0 + middle[from1 + index]! * w1 + middle[from2 + index]! * w2 + middle[from3 + index]! * w3;
    }
    return;
  }
  let weight = weights[weightOffset]!;
  for (let index = 0; index < rowStride; index++) output[outputRow + index] = middle[from + index]! * weight;
  for (let k = 1; k < count; k++) {
    from += rowStride;
    weight = weights[weightOffset + k]!;
    for (let index = 0; index < rowStride; index++) output[outputRow + index]! += middle[from + index]! * weight;
  }
}

/**
 * Applies column weights then row weights (horizontal pass first, as Pillow does) to an interleaved float32
 * image, writing into `output`. Only the input rows some output row needs are filtered horizontally, and the
 * vertical pass walks whole rows so its memory access stays sequential. A single-channel `source` may be read
 * through a {@link LinearMap} (intensity scaling fused into the resize: only the samples the filter reads are mapped).
 */
export function resampleSeparable(
  source: Float32Array,
  width: number,
  channels: number,
  rows: AxisWeights,
  columns: AxisWeights,
  output: Float32Array,
  scratch: ResampleScratch,
  map?: LinearMap,
): void {
  const outHeight = rows.outSize;
  const firstRow = rows.starts[0]!;
  const neededRows = rows.starts[outHeight - 1]! + rows.counts[outHeight - 1]! - firstRow;
  const rowStride = columns.outSize * channels;
  const size = neededRows * rowStride;
  if (scratch.buffer.length < size) scratch.buffer = new Float32Array(size);
  const middle = scratch.buffer;
  if (channels === 1) horizontalSingleChannel(source, width, firstRow, neededRows, columns, middle, map, scratch);
  else if (map === undefined) horizontalInterleaved(source, width, channels, firstRow, neededRows, columns, middle);
  else throw new RangeError('resampleSeparable: a linear map is only applied to single-channel images');

  const { taps, starts, counts, weights } = rows;
  for (let y = 0; y < outHeight; y++) combineRows(middle, (starts[y]! - firstRow) * rowStride, rowStride, counts[y]!, weights, y * taps, output, y * rowStride);
}
