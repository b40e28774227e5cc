import { InvalidArgumentError, type ImageArray } from '@spinedx/core';
import { encodePng, normalizeMinMax, overlay, type CamMap } from '@spinedx/gradcam';
import { letterbox, scaleIntensityPercentiles } from '@spinedx/transforms';

/** Input of {@link renderGalleryImages}: a slice in real units, its lesion mask and a CAM on any grid. */
export interface GallerySource {
  /** One channel, any size, real units. */
  image: ImageArray;
  /** Lesion mask of the same size as `image`, non-zero inside the lesion. */
  mask: Uint8Array;
  /** CAM in the letterboxed square frame the model saw (raw or normalised); it is min-max normalised and upsampled here. */
  cam: CamMap;
}

/** Two PNGs of one gallery case at the display size. */
export interface GalleryImages {
  /** The slice, windowed to its 0.5–99.5 percentiles, with the lesion contour in yellow. */
  originalPng: Uint8Array;
  /** Jet Grad-CAM overlay (alpha 0.45) with the lesion contour in white. */
  overlayPng: Uint8Array;
}

const CONTOUR_ORIGINAL: [number, number, number] = [255, 214, 0];
const CONTOUR_OVERLAY: [number, number, number] = [255, 255, 255];

/**
 * Renders a gallery case at `size × size` pixels (default 176), letterboxed as the classifier's input (whole field of
 * view, padded to a square): the original and the overlay, both with the mask contour.
 */
export function renderGalleryImages(source: GallerySource, size = 176): GalleryImages {
  const { image, mask, cam } = source;
  if (image.channels !== 1) throw new InvalidArgumentError(`renderGalleryImages: expected a 1-channel image, received ${image.channels} channels`, { code: 'INVALID_CHANNELS' });
  if (mask.length !== image.height * image.width) {
    throw new InvalidArgumentError(`renderGalleryImages: expected a mask of ${image.height * image.width} pixels, received ${mask.length}`, { code: 'SHAPE_MISMATCH' });
  }
  const windowed = scaleIntensityPercentiles(image, { lower: 0.5, upper: 99.5, outMin: 0, outMax: 255, clip: true });
  const grey = letterbox(windowed, { size, method: 'bilinear' });
  const maskImage: ImageArray<Float32Array> = { data: Float32Array.from(mask, (value) => (value > 0 ? 1 : 0)), height: image.height, width: image.width, channels: 1 };
  const smallMask = letterbox(maskImage, { size, method: 'nearest' }).data;
  const greyRgba = new Uint8ClampedArray(size * size * 4);
  for (let pixel = 0; pixel < size * size; pixel++) {
    const value = grey.data[pixel]!;
    greyRgba.set([value, value, value, 255], pixel * 4);
  }
  const normalized: CamMap = { height: cam.height, width: cam.width, cam: normalizeMinMax(cam.cam) };
  const blended = overlay({ data: grey.data, height: size, width: size, channels: 1 }, normalized, { alpha: 0.45, imageRange: [0, 255] });
  drawContour(greyRgba, smallMask, size, CONTOUR_ORIGINAL);
  drawContour(blended.data, smallMask, size, CONTOUR_OVERLAY);
  return {
    originalPng: encodePng({ data: greyRgba, height: size, width: size, channels: 4 }),
    overlayPng: encodePng({ data: blended.data, height: size, width: size, channels: 4 }),
  };
}

/** Paints the inner boundary of the mask (inside pixels with a 4-neighbour outside) in `colour`. */
export function drawContour(rgba: Uint8ClampedArray, mask: ArrayLike<number>, size: number, colour: readonly [number, number, number]): number {
  let painted = 0;
  const inside = (x: number, y: number): boolean => x >= 0 && y >= 0 && x < size && y < size && mask[y * size + x]! > 0;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (!inside(x, y)) continue;
      if (inside(x - 1, y) && inside(x + 1, y) && inside(x, y - 1) && inside(x, y + 1)) continue;
      rgba.set([colour[0], colour[1], colour[2], 255], (y * size + x) * 4);
      painted += 1;
    }
  }
  return painted;
}
