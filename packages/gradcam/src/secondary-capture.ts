import { assertImage, InvalidArgumentError, type ImageArray } from '@spinedx/core';
import { createSecondaryCaptureDataset, writeDicom, type SecondaryCaptureDatasetOptions, type WriteDicomOptions } from '@spinedx/dicom';

/** Options of {@link overlayToSecondaryCapture}: the identifiers of `createSecondaryCaptureDataset`, pixels aside. */
export type OverlaySecondaryCaptureOptions = Omit<SecondaryCaptureDatasetOptions, 'rgb' | 'rows' | 'columns'> & WriteDicomOptions;

/**
 * Wraps an overlay (RGB, or RGBA from {@link overlay}, alpha dropped) as a DICOM Secondary Capture (Part 10 bytes)
 * through `@spinedx/dicom`, so a radiologist can open the explanation in a PACS next to the source series. Pass the
 * source image in `derivedFrom` and reuse its patient and study so the capture files beside it.
 */
export async function overlayToSecondaryCapture(image: ImageArray<Uint8Array | Uint8ClampedArray>, options: OverlaySecondaryCaptureOptions): Promise<Uint8Array> {
  assertImage(image, 'overlayToSecondaryCapture');
  if (!(image.data instanceof Uint8Array || image.data instanceof Uint8ClampedArray) || (image.channels !== 3 && image.channels !== 4)) {
    throw new InvalidArgumentError(
      `overlayToSecondaryCapture: expected 8-bit RGB or RGBA, received ${image.channels} channel(s) of ${Object.prototype.toString.call(image.data)}`,
      { code: 'INVALID_CHANNELS' },
    );
  }
  const pixels = image.height * image.width;
  const rgb = new Uint8Array(pixels * 3);
  for (let pixel = 0; pixel < pixels; pixel++) {
    for (let channel = 0; channel < 3; channel++) rgb[pixel * 3 + channel] = image.data[pixel * image.channels + channel]!;
  }
  const { transferSyntaxUID, ...datasetOptions } = options;
  const dataset = createSecondaryCaptureDataset({ ...datasetOptions, rgb, rows: image.height, columns: image.width });
  return writeDicom(dataset, transferSyntaxUID === undefined ? {} : { transferSyntaxUID });
}
