import { InvalidArgumentError, type ImageArray } from '@spinedx/core';
import { assertFiniteImage, assertFiniteNumber, copySpacing, makeImage } from '../image-checks';

/** Parameters of {@link affine}, applied about the image centre. */
export interface AffineOptions {
  /** Counter-clockwise rotation in degrees (as displayed, rows growing downwards). */
  rotation?: number;
  /** Zoom factor (> 0); 1.2 enlarges the anatomy by 20%. A pair gives `[rows, columns]`. */
  scale?: number | readonly [number, number];
  /** Shift in pixels, `[rows, columns]`; positive moves content down and right. */
  translate?: readonly [number, number];
  /** Horizontal shear angle in degrees: column offset grows with row. */
  shear?: number;
  /** `'bilinear'` (default) for images, `'nearest'` for label masks. */
  interpolation?: 'bilinear' | 'nearest';
  /** Value of pixels mapped from outside the input (default 0). */
  fill?: number;
}

/**
 * Applies an affine map about the image centre: output = centre + translate + R·Shear·Scale·(input - centre).
 * Each output pixel samples the input at the inverse-mapped position. The pixel grid is unchanged, so
 * spacing is kept; pixels mapped from outside the input take `fill`.
 */
export function affine(image: ImageArray, options: AffineOptions): ImageArray<Float32Array> {
  assertFiniteImage(image, 'affine');
  const { rotation = 0, translate = [0, 0], shear = 0, interpolation = 'bilinear', fill = 0 } = options;
  const [scaleRows, scaleColumns] = typeof options.scale === 'number' ? [options.scale, options.scale] : (options.scale ?? [1, 1]);
  for (const [name, value] of [['rotation', rotation], ['shear', shear], ['fill', fill], ['translate[0]', translate[0]], ['translate[1]', translate[1]]] as const) {
    assertFiniteNumber('affine', name, value);
  }
  if (!(scaleRows > 0 && scaleColumns > 0 && Number.isFinite(scaleRows) && Number.isFinite(scaleColumns))) {
    throw new InvalidArgumentError(`affine: scale must be positive and finite, received ${String(options.scale)}`, { code: 'OUT_OF_RANGE' });
  }
  if (Math.abs(shear) >= 90) throw new InvalidArgumentError(`affine: shear must be within (-90, 90) degrees, received ${shear}`, { code: 'OUT_OF_RANGE' });
  if (interpolation !== 'bilinear' && interpolation !== 'nearest') {
    throw new InvalidArgumentError(`affine: interpolation must be 'bilinear' or 'nearest', received ${String(interpolation)}`);
  }
  const angle = (rotation * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const shearTan = Math.tan((shear * Math.PI) / 180);
  // Forward matrix on (x, y) offsets: rotation [[cos, sin], [-sin, cos]] (counter-clockwise with y down)
  // times shear [[1, tan], [0, 1]] times scale diag(sx, sy).
  const a = cos * scaleColumns;
  const b = (cos * shearTan + sin) * scaleRows;
  const c = -sin * scaleColumns;
  const d = (-sin * shearTan + cos) * scaleRows;
  const determinant = a * d - b * c;
  const inverseA = d / determinant;
  const inverseB = -b / determinant;
  const inverseC = -c / determinant;
  const inverseD = a / determinant;
  const { height, width, channels } = image;
  const centreX = (width - 1) / 2;
  const centreY = (height - 1) / 2;
  const source = image.data;
  const data = new Float32Array(source.length);
  const sample = (row: number, column: number, channel: number): number =>
    row < 0 || row >= height || column < 0 || column >= width ? fill : source[(row * width + column) * channels + channel]!;
  for (let y = 0; y < height; y++) {
    const offsetY = y - centreY - translate[0];
    for (let x = 0; x < width; x++) {
      const offsetX = x - centreX - translate[1];
      const sourceX = inverseA * offsetX + inverseB * offsetY + centreX;
      const sourceY = inverseC * offsetX + inverseD * offsetY + centreY;
      const target = (y * width + x) * channels;
      if (interpolation === 'nearest') {
        const row = Math.round(sourceY);
        const column = Math.round(sourceX);
        for (let channel = 0; channel < channels; channel++) data[target + channel] = sample(row, column, channel);
        continue;
      }
      const row = Math.floor(sourceY);
      const column = Math.floor(sourceX);
      const fractionY = sourceY - row;
      const fractionX = sourceX - column;
      for (let channel = 0; channel < channels; channel++) {
        const top = sample(row, column, channel) * (1 - fractionX) + sample(row, column + 1, channel) * fractionX;
        const bottom = sample(row + 1, column, channel) * (1 - fractionX) + sample(row + 1, column + 1, channel) * fractionX;
        data[target + channel] = top * (1 - fractionY) + bottom * fractionY;
      }
    }
  }
  return makeImage(data, height, width, channels, copySpacing(image));
}

/** Options of {@link rotate}. */
export interface RotateOptions {
  /** Counter-clockwise angle in degrees. */
  degrees: number;
  interpolation?: 'bilinear' | 'nearest';
  fill?: number;
}

/** Rotates about the image centre by any angle, keeping the size (corners take `fill`). See {@link rotate90} for exact quarter turns. */
export function rotate(image: ImageArray, options: RotateOptions): ImageArray<Float32Array> {
  return affine(image, { rotation: options.degrees, interpolation: options.interpolation, fill: options.fill });
}
