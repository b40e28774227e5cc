import { InvalidArgumentError, type ImageArray, type Random } from '@spinedx/core';
import { assertFiniteImage, copySpacing, makeImage } from '../image-checks';
import { drawFromRange, type Range } from './range-option';

/** Options of {@link randomBiasField}. */
export interface RandomBiasFieldOptions {
  /** Highest total degree of the Legendre polynomial (default 3). */
  degree?: number;
  /** Range of each coefficient (default [0, 0.1], MONAI's default). */
  coefficients?: Range;
}

/** Legendre polynomials P_0..P_degree evaluated at `x` (Bonnet's recursion). */
function legendre(x: number, degree: number): Float64Array {
  const values = new Float64Array(degree + 1);
  values[0] = 1;
  if (degree >= 1) values[1] = x;
  for (let order = 2; order <= degree; order++) values[order] = ((2 * order - 1) * x * values[order - 1]! - (order - 1) * values[order - 2]!) / order;
  return values;
}

/**
 * Multiplies the image by a smooth field `exp(Σ c_ij P_i(y) P_j(x))`, `i + j <= degree`, over [-1, 1]², like
 * MONAI's `RandBiasField`: the slowly varying intensity inhomogeneity of MR coils. The field is the same for every channel.
 */
export function randomBiasField(image: ImageArray, random: Random, options: RandomBiasFieldOptions = {}): ImageArray<Float32Array> {
  assertFiniteImage(image, 'randomBiasField');
  const degree = options.degree ?? 3;
  if (!Number.isInteger(degree) || degree < 1 || degree > 10) {
    throw new InvalidArgumentError(`randomBiasField: degree must be an integer in [1, 10], received ${String(degree)}`, { code: 'OUT_OF_RANGE' });
  }
  const range = options.coefficients ?? [0, 0.1];
  const coefficients: number[][] = [];
  for (let i = 0; i <= degree; i++) {
    coefficients.push([]);
    for (let j = 0; i + j <= degree; j++) coefficients[i]!.push(drawFromRange(random, range, 'randomBiasField', 'coefficients'));
  }
  const { height, width, channels } = image;
  const rowPolynomials = Array.from({ length: height }, (_, y) => legendre(height === 1 ? 0 : -1 + (2 * y) / (height - 1), degree));
  const columnPolynomials = Array.from({ length: width }, (_, x) => legendre(width === 1 ? 0 : -1 + (2 * x) / (width - 1), degree));
  const source = image.data;
  const data = new Float32Array(source.length);
  for (let y = 0; y < height; y++) {
    const rowValues = rowPolynomials[y]!;
    for (let x = 0; x < width; x++) {
      const columnValues = columnPolynomials[x]!;
      let exponent = 0;
      for (let i = 0; i <= degree; i++) {
        const row = coefficients[i]!;
        for (let j = 0; j < row.length; j++) exponent += row[j]! * rowValues[i]! * columnValues[j]!;
      }
      const field = Math.exp(exponent);
      const offset = (y * width + x) * channels;
      for (let channel = 0; channel < channels; channel++) data[offset + channel] = source[offset + channel]! * field;
    }
  }
  return makeImage(data, height, width, channels, copySpacing(image));
}
