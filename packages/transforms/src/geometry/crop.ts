import { InvalidArgumentError, type ImageArray } from '@spinedx/core';
import { assertFiniteImage, assertNonNegativeInteger, assertPositiveInteger, copySpacing, makeImage } from '../image-checks';
import { pad } from './pad';

/** A rectangle in pixels: top-left corner plus size. */
export interface PixelRegion {
  top: number;
  left: number;
  height: number;
  width: number;
}

/** Copies the pixels of `region`, which must lie inside the image. Spacing is unchanged. */
export function crop(image: ImageArray, region: PixelRegion): ImageArray<Float32Array> {
  assertFiniteImage(image, 'crop');
  const { top, left, height, width } = region;
  assertNonNegativeInteger('crop', 'top', top);
  assertNonNegativeInteger('crop', 'left', left);
  assertPositiveInteger('crop', 'height', height);
  assertPositiveInteger('crop', 'width', width);
  if (top + height > image.height || left + width > image.width) {
    throw new InvalidArgumentError(
      `crop: region rows ${top}..${top + height - 1}, columns ${left}..${left + width - 1} must lie inside the ${image.height}x${image.width} image`,
      { code: 'OUT_OF_BOUNDS' },
    );
  }
  const channels = image.channels;
  const data = new Float32Array(height * width * channels);
  const rowLength = width * channels;
  for (let y = 0; y < height; y++) {
    const from = ((top + y) * image.width + left) * channels;
    for (let index = 0; index < rowLength; index++) data[y * rowLength + index] = image.data[from + index]!;
  }
  return makeImage(data, height, width, channels, copySpacing(image));
}

/** Python's round(): halves go to the even neighbour (torchvision computes crop offsets with it). */
export function roundHalfToEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Options of {@link centerCrop}. */
export interface CenterCropOptions {
  height: number;
  width: number;
  /** Value for padding when the crop is larger than the image (default 0). */
  fill?: number;
}

/**
 * Crops the central `height x width` region with torchvision's offsets (`round((size - crop) / 2)`); a crop
 * larger than the image first pads it symmetrically with `fill`, as torchvision's `center_crop` does.
 */
export function centerCrop(image: ImageArray, options: CenterCropOptions): ImageArray<Float32Array> {
  assertFiniteImage(image, 'centerCrop');
  const { height, width, fill = 0 } = options;
  assertPositiveInteger('centerCrop', 'height', height);
  assertPositiveInteger('centerCrop', 'width', width);
  let source: ImageArray = image;
  if (height > image.height || width > image.width) {
    const extraRows = Math.max(height - image.height, 0);
    const extraColumns = Math.max(width - image.width, 0);
    source = pad(image, {
      top: Math.floor(extraRows / 2),
      bottom: Math.ceil(extraRows / 2),
      left: Math.floor(extraColumns / 2),
      right: Math.ceil(extraColumns / 2),
      mode: 'constant',
      value: fill,
    });
  }
  return crop(source, {
    top: roundHalfToEven((source.height - height) / 2),
    left: roundHalfToEven((source.width - width) / 2),
    height,
    width,
  });
}

/** A rectangle in millimetres from the top-left corner of the image (row direction first, like spacing). */
export interface MillimetreRegion {
  topMm: number;
  leftMm: number;
  heightMm: number;
  widthMm: number;
}

/**
 * Crops a region of interest given in pixels or in millimetres. Millimetres are converted with the image's
 * spacing (required then) and rounded to whole pixels; the region is clamped to the image so an ROI drawn
 * near the border still works, but an ROI entirely outside it is an error.
 */
export function cropRegion(image: ImageArray, region: PixelRegion | MillimetreRegion): ImageArray<Float32Array> {
  assertFiniteImage(image, 'cropRegion');
  let pixels: PixelRegion;
  if ('topMm' in region) {
    if (image.spacing === undefined) {
      throw new InvalidArgumentError('cropRegion: a region in millimetres needs the image spacing, received an image without spacing', {
        code: 'MISSING_SPACING',
      });
    }
    const [rowMm, columnMm] = image.spacing;
    pixels = {
      top: Math.round(region.topMm / rowMm),
      left: Math.round(region.leftMm / columnMm),
      height: Math.round(region.heightMm / rowMm),
      width: Math.round(region.widthMm / columnMm),
    };
  } else pixels = region;
  const values = Object.entries(pixels);
  for (const [name, value] of values) {
    if (!Number.isInteger(value)) throw new InvalidArgumentError(`cropRegion: ${name} must be a whole number of pixels, received ${String(value)}`);
  }
  const top = Math.max(pixels.top, 0);
  const left = Math.max(pixels.left, 0);
  const bottom = Math.min(pixels.top + pixels.height, image.height);
  const right = Math.min(pixels.left + pixels.width, image.width);
  if (bottom <= top || right <= left) {
    throw new InvalidArgumentError(
      `cropRegion: region (top ${pixels.top}, left ${pixels.left}, ${pixels.height}x${pixels.width} px) does not overlap the ${image.height}x${image.width} image`,
      { code: 'OUT_OF_BOUNDS' },
    );
  }
  return crop(image, { top, left, height: bottom - top, width: right - left });
}
