import type { ScannerProfile } from './site-profile';

const GAUSSIAN_TABLE_SIZE = 1 << 16;
let gaussianTable: Float32Array | undefined;

/** 65,536 standard normal samples (Box-Muller on a fixed sfc32 stream), built once on first use. */
function standardNormals(): Float32Array {
  if (gaussianTable !== undefined) return gaussianTable;
  const table = new Float32Array(GAUSSIAN_TABLE_SIZE);
  const next = createUniformSource(0x6a09e667);
  for (let index = 0; index < GAUSSIAN_TABLE_SIZE; index += 2) {
    const radius = Math.sqrt(-2 * Math.log(next()));
    const angle = 2 * Math.PI * next();
    table[index] = radius * Math.cos(angle);
    table[index + 1] = radius * Math.sin(angle);
  }
  gaussianTable = table;
  return table;
}

/** A seeded sfc32 stream of uniforms in (0, 1). State lives in a typed array so writes never box numbers. */
function createUniformSource(seed: number): () => number {
  const state = new Uint32Array([seed >>> 0, 0x9e3779b9, 0x243f6a88, 1]);
  const next = (): number => {
    const a = state[0]!;
    const b = state[1]!;
    const c = state[2]!;
    const d = state[3]!;
    const t = (a + b + d) >>> 0;
    state[3] = d + 1;
    state[0] = b ^ (b >>> 9);
    state[1] = b + (b << 3);
    state[2] = (((c << 21) | (c >>> 11)) + t) >>> 0;
    return (t + 0.5) / 4294967296;
  };
  for (let index = 0; index < 16; index++) next();
  return next;
}

/**
 * Turns a noise-free signal map (CSF = 1) sampled on the acquisition grid into what the site's scanner stores on
 * its display matrix: T2 contrast gamma, receive-coil shading (the spine coil lies behind the patient, so signal
 * falls off anteriorly), scaling to arbitrary MR units, complex Gaussian noise taken to magnitude (Rician),
 * bilinear interpolation to the display matrix (zero-filled reconstruction), then quantisation to 16-bit stored
 * values with RescaleSlope/Intercept. Returns the stored values; real = stored × slope + intercept.
 */
export function applyScanner(signal: Float32Array, scanner: ScannerProfile, seed: number, coilShift: number): Uint16Array {
  const [rows, columns] = scanner.acquisitionMatrix;
  const normals = standardNormals();
  // Noise samples: a random walk through the normal table, xorshift-driven (cheap and deterministic).
  let state = (seed | 0) || 1;
  const sigma = scanner.noise * scanner.signalScale;
  const columnGain = new Float64Array(columns);
  for (let column = 0; column < columns; column++) {
    const fromCoil = 1 - column / (columns - 1) + coilShift;
    columnGain[column] = Math.exp(-scanner.biasField * 1.4 * Math.max(0, fromCoil) ** 1.5);
  }
  const gammaTable = new Float32Array(2049);
  for (let index = 0; index <= 2048; index++) gammaTable[index] = (index / 1024) ** scanner.contrastGamma;
  const magnitude = new Float32Array(rows * columns);
  for (let row = 0; row < rows; row++) {
    const offset = (row - rows / 2) / rows;
    const rowGain = (1 - scanner.biasField * 0.5 * offset * offset) * scanner.signalScale;
    for (let column = 0; column < columns; column++) {
      const pixel = row * columns + column;
      const position = Math.min(2047.999, Math.max(0, signal[pixel]! * 1024));
      const low = Math.floor(position);
      const contrasted = gammaTable[low]! + (gammaTable[low + 1]! - gammaTable[low]!) * (position - low);
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      const real = contrasted * rowGain * columnGain[column]! + sigma * normals[state & 0xffff]!;
      const imaginary = sigma * normals[(state >>> 16) & 0xffff]!;
      magnitude[pixel] = Math.sqrt(real * real + imaginary * imaginary);
    }
  }
  const [outRows, outColumns] = scanner.matrix;
  const display = resampleBilinear(magnitude, rows, columns, outRows, outColumns);
  const stored = new Uint16Array(outRows * outColumns);
  const { rescaleSlope: slope, rescaleIntercept: intercept } = scanner;
  for (let pixel = 0; pixel < stored.length; pixel++) {
    const quantised = Math.round((display[pixel]! - intercept) / slope);
    stored[pixel] = quantised < 0 ? 0 : quantised > 65535 ? 65535 : quantised;
  }
  return stored;
}

/** Pixel-centre-aligned bilinear resampling of a single-channel image (edges replicate). */
export function resampleBilinear(source: Float32Array, rows: number, columns: number, outRows: number, outColumns: number): Float32Array {
  const result = new Float32Array(outRows * outColumns);
  const rowScale = rows / outRows;
  const columnScale = columns / outColumns;
  const left = new Int32Array(outColumns);
  const weight = new Float32Array(outColumns);
  for (let column = 0; column < outColumns; column++) {
    const x = Math.min(columns - 1, Math.max(0, (column + 0.5) * columnScale - 0.5));
    left[column] = Math.min(columns - 2, Math.floor(x));
    weight[column] = x - left[column]!;
  }
  for (let row = 0; row < outRows; row++) {
    const y = Math.min(rows - 1, Math.max(0, (row + 0.5) * rowScale - 0.5));
    const top = Math.min(rows - 2, Math.floor(y));
    const vertical = y - top;
    const upper = top * columns;
    const lower = upper + columns;
    for (let column = 0; column < outColumns; column++) {
      const x0 = left[column]!;
      const horizontal = weight[column]!;
      const a = source[upper + x0]! + (source[upper + x0 + 1]! - source[upper + x0]!) * horizontal;
      const b = source[lower + x0]! + (source[lower + x0 + 1]! - source[lower + x0]!) * horizontal;
      result[row * outColumns + column] = a + (b - a) * vertical;
    }
  }
  return result;
}

/** Nearest-neighbour resampling of a label mask to the display matrix. */
export function resampleNearest(source: Uint8Array, rows: number, columns: number, outRows: number, outColumns: number): Uint8Array {
  const result = new Uint8Array(outRows * outColumns);
  for (let row = 0; row < outRows; row++) {
    const sourceRow = Math.min(rows - 1, Math.floor(((row + 0.5) * rows) / outRows)) * columns;
    for (let column = 0; column < outColumns; column++) {
      result[row * outColumns + column] = source[sourceRow + Math.min(columns - 1, Math.floor(((column + 0.5) * columns) / outColumns))]!;
    }
  }
  return result;
}
