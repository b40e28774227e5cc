import { assertImage, InvalidArgumentError, type ImageArray } from '@spinedx/core';

/**
 * Validates an input image: well-formed (see `assertImage`) and free of NaN/Infinity, which would silently
 * poison every statistic downstream (percentiles, means, interpolation).
 */
export function assertFiniteImage(image: ImageArray, caller: string): void {
  assertImage(image, caller);
  const data = image.data;
  for (let index = 0; index < data.length; index++) {
    const value = data[index]!;
    // value - value is NaN for NaN and ±Infinity, 0 for every finite number.
    if (value - value !== 0) {
      throw new InvalidArgumentError(`${caller}: expected finite pixel values, received ${String(value)} at index ${index}`, {
        code: 'NON_FINITE',
      });
    }
  }
}

/** Throws unless `value` is a finite number. */
export function assertFiniteNumber(caller: string, name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidArgumentError(`${caller}: ${name} must be a finite number, received ${String(value)}`);
  }
}

/** Throws unless `value` is a positive integer (a size in pixels). */
export function assertPositiveInteger(caller: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new InvalidArgumentError(`${caller}: ${name} must be a positive integer, received ${String(value)}`, {
      code: 'INVALID_SIZE',
    });
  }
}

/** Throws unless `value` is a non-negative integer (an offset or a padding in pixels). */
export function assertNonNegativeInteger(caller: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new InvalidArgumentError(`${caller}: ${name} must be a non-negative integer, received ${String(value)}`, {
      code: 'INVALID_SIZE',
    });
  }
}

/** Throws unless `value` lies in `[min, max]`. */
export function assertInRange(caller: string, name: string, value: number, min: number, max: number): void {
  if (typeof value !== 'number' || !(value >= min && value <= max)) {
    throw new InvalidArgumentError(`${caller}: ${name} must be in [${min}, ${max}], received ${String(value)}`, {
      code: 'OUT_OF_RANGE',
    });
  }
}

/** A copy of `image`'s metadata with new data and size; spacing is passed explicitly so callers think about it. */
export function makeImage(
  data: Float32Array,
  height: number,
  width: number,
  channels: number,
  spacing: [number, number] | undefined,
): ImageArray<Float32Array> {
  const result: ImageArray<Float32Array> = { data, height, width, channels };
  if (spacing !== undefined) result.spacing = spacing;
  return result;
}

/** Spacing unchanged (copied) when the pixel grid is unchanged. */
export function copySpacing(image: ImageArray): [number, number] | undefined {
  return image.spacing === undefined ? undefined : [image.spacing[0], image.spacing[1]];
}

/** Applies `map` to every value, returning a new float32 image with the same shape and spacing. */
export function mapValues(image: ImageArray, map: (value: number) => number): ImageArray<Float32Array> {
  const source = image.data;
  const data = new Float32Array(source.length);
  for (let index = 0; index < source.length; index++) data[index] = map(source[index]!);
  return makeImage(data, image.height, image.width, image.channels, copySpacing(image));
}
