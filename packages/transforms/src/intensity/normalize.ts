import { InvalidArgumentError, ShapeError, type ImageArray } from '@spinedx/core';
import { assertFiniteImage, copySpacing, makeImage } from '../image-checks';

/** Options of {@link normalize}: per-channel statistics, e.g. a backbone's `PretrainedConfig.mean/std`. */
export interface NormalizeOptions {
  /** One mean per channel (or a single value for all channels). */
  mean: readonly number[];
  /** One standard deviation per channel (or a single value), each > 0. */
  std: readonly number[];
}

/**
 * `(x - mean[c]) / std[c]` per channel, like torchvision's `Normalize`. The statistics always come from the
 * caller (a backbone's pretrained config); nothing here knows ImageNet's numbers.
 */
export function normalize(image: ImageArray, options: NormalizeOptions): ImageArray<Float32Array> {
  assertFiniteImage(image, 'normalize');
  const { mean, std } = options;
  for (const [name, values] of [['mean', mean], ['std', std]] as const) {
    if (values.length !== 1 && values.length !== image.channels) {
      throw new ShapeError(`normalize: ${name} must have 1 or ${image.channels} values (one per channel), received ${values.length}`, {
        code: 'CHANNEL_MISMATCH',
      });
    }
  }
  std.forEach((value) => {
    if (!(Number.isFinite(value) && value > 0)) throw new InvalidArgumentError(`normalize: std values must be finite and > 0, received ${String(value)}`);
  });
  mean.forEach((value) => {
    if (!Number.isFinite(value)) throw new InvalidArgumentError(`normalize: mean values must be finite, received ${String(value)}`);
  });
  const channels = image.channels;
  const offsets = Float64Array.from({ length: channels }, (_, channel) => mean[mean.length === 1 ? 0 : channel]!);
  const scales = Float64Array.from({ length: channels }, (_, channel) => 1 / std[std.length === 1 ? 0 : channel]!);
  const source = image.data;
  const data = new Float32Array(source.length);
  for (let index = 0; index < source.length; index++) {
    const channel = index % channels;
    data[index] = (source[index]! - offsets[channel]!) * scales[channel]!;
  }
  return makeImage(data, image.height, image.width, channels, copySpacing(image));
}
