import type { ImageArray } from '@spinedx/core';
import type { DecodeOptions } from './codecs/codec';
import { decodeFrame } from './decode-frame';
import type { DicomImage } from './dicom-image';
import { applyModalityLut } from './modality-lut';

/**
 * Decodes one frame into real units as a float32 ImageArray: the Modality LUT (or rescale slope/intercept) is
 * applied to grey images; colour images (channels 3, RGB) keep their sample values. `spacing` comes from
 * PixelSpacing. MONOCHROME1 is NOT inverted here: use invertMonochrome1 where display polarity matters.
 */
export async function decodeImage(image: DicomImage, frameIndex = 0, options: DecodeOptions = {}): Promise<ImageArray<Float32Array>> {
  const frame = await decodeFrame(image, frameIndex, options);
  const data = frame.samplesPerPixel === 1 ? applyModalityLut(frame.data, image) : Float32Array.from(frame.data);
  const result: ImageArray<Float32Array> = { data, height: frame.rows, width: frame.columns, channels: frame.samplesPerPixel };
  if (image.pixelSpacing !== undefined && image.pixelSpacing.every((value) => value > 0)) result.spacing = [image.pixelSpacing[0], image.pixelSpacing[1]];
  return result;
}
