import { InvalidArgumentError, ShapeError } from './errors';

/** Any numeric typed array an image may be stored in. */
export type TypedArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Uint8ClampedArray
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array;

/**
 * A 2-D image: row-major, channels interleaved (`data[(y * width + x) * channels + c]`).
 *
 * This is the currency between `@spinedx/dicom`, `@spinedx/transforms` and the TensorFlow.js packages.
 */
export interface ImageArray<T extends TypedArray = TypedArray> {
  data: T;
  height: number;
  width: number;
  channels: number;
  /** Physical size of a pixel in millimetres: `[rowSpacing, columnSpacing]` (DICOM PixelSpacing order). */
  spacing?: [number, number];
}

/** Creates a zero-filled float32 image, validating its dimensions. */
export function createImage(
  height: number,
  width: number,
  channels = 1,
  spacing?: [number, number],
): ImageArray<Float32Array> {
  assertDimension('createImage', 'height', height);
  assertDimension('createImage', 'width', width);
  assertDimension('createImage', 'channels', channels);
  const image: ImageArray<Float32Array> = { data: new Float32Array(height * width * channels), height, width, channels };
  if (spacing !== undefined) image.spacing = [spacing[0], spacing[1]];
  return image;
}

/**
 * Throws unless `image` is a well-formed ImageArray: positive integer dimensions, data length equal to
 * `height * width * channels`, and positive finite spacing when present.
 */
export function assertImage(image: ImageArray, caller = 'assertImage'): void {
  if (image === null || typeof image !== 'object' || !ArrayBuffer.isView(image.data)) {
    throw new InvalidArgumentError(`${caller}: expected an ImageArray with a typed-array 'data', received ${describe(image)}`);
  }
  assertDimension(caller, 'height', image.height);
  assertDimension(caller, 'width', image.width);
  assertDimension(caller, 'channels', image.channels);
  const expected = image.height * image.width * image.channels;
  if (image.data.length !== expected) {
    throw new ShapeError(
      `${caller}: data has ${image.data.length} values but ${image.height}x${image.width}x${image.channels} needs ${expected}`,
    );
  }
  if (image.spacing !== undefined) {
    const [row, column] = image.spacing;
    if (!(row > 0 && column > 0 && Number.isFinite(row) && Number.isFinite(column))) {
      throw new InvalidArgumentError(`${caller}: spacing must be two positive finite numbers, received [${image.spacing.join(', ')}]`, {
        code: 'INVALID_SPACING',
      });
    }
  }
}

function assertDimension(caller: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) {
    throw new InvalidArgumentError(`${caller}: ${name} must be a positive integer, received ${String(value)}`, {
      code: 'INVALID_DIMENSIONS',
    });
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  return Object.prototype.toString.call(value);
}
