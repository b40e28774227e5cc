import { assertImage, InvalidArgumentError, type ImageArray } from '@spinedx/core';
import type { CamMap } from './cam-types';
import { applyColormap, type ColormapName } from './colormaps';
import { upsampleBilinear } from './upsample';

/** Options of {@link overlay}. */
export interface OverlayOptions {
  /** Weight of the heat map: `out = (1 - alpha) * image + alpha * colour`. Default 0.5. */
  alpha?: number;
  /** Default `'jet'` (the paper's and pytorch-grad-cam's choice). */
  colormap?: ColormapName;
  /**
   * Intensities of the image mapped to black and white: `[low, high]`, values outside are clamped. Default:
   * `[0, 255]` for 8-bit data, else the image's own minimum and maximum (window the image first for MR).
   */
  imageRange?: readonly [number, number];
}

/**
 * Blends a normalised CAM (values in [0, 1], e.g. from `normalizeMinMax`) over an image (1 channel, RGB, or RGBA whose
 * alpha is ignored) as opaque RGBA bytes. A CAM of another size is first resized with {@link upsampleBilinear}.
 */
export function overlay(image: ImageArray, cam: CamMap, options: OverlayOptions = {}): ImageArray<Uint8ClampedArray> {
  assertImage(image, 'overlay');
  const alpha = options.alpha ?? 0.5;
  if (!(alpha >= 0 && alpha <= 1)) throw new InvalidArgumentError(`overlay: alpha must be in [0, 1], received ${String(alpha)}`);
  if (![1, 3, 4].includes(image.channels)) {
    throw new InvalidArgumentError(`overlay: image must have 1, 3 or 4 channels, received ${image.channels}`, { code: 'INVALID_CHANNELS' });
  }
  const [low, high] = options.imageRange ?? defaultRange(image);
  if (!(Number.isFinite(low) && Number.isFinite(high) && high >= low)) {
    throw new InvalidArgumentError(`overlay: imageRange must be two finite numbers with low <= high, received [${low}, ${high}]`);
  }
  const sized = cam.height === image.height && cam.width === image.width ? cam : upsampleBilinear(cam, image.height, image.width);
  const colors = applyColormap(sized.cam, options.colormap ?? 'jet');
  const scale = high > low ? 255 / (high - low) : 0;
  const pixels = image.height * image.width;
  const out = new Uint8ClampedArray(pixels * 4);
  for (let pixel = 0; pixel < pixels; pixel++) {
    for (let channel = 0; channel < 3; channel++) {
      const source = image.data[pixel * image.channels + (image.channels === 1 ? 0 : channel)]!;
      const gray = Math.min(255, Math.max(0, (source - low) * scale));
      out[pixel * 4 + channel] = (1 - alpha) * gray + alpha * colors[pixel * 3 + channel]!;
    }
    out[pixel * 4 + 3] = 255;
  }
  return { data: out, height: image.height, width: image.width, channels: 4 };
}

function defaultRange(image: ImageArray): [number, number] {
  if (image.data instanceof Uint8Array || image.data instanceof Uint8ClampedArray) return [0, 255];
  let min = Infinity;
  let max = -Infinity;
  for (const value of image.data) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return [min, max];
}
