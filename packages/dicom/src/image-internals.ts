import type { DataSet, Element } from 'dicom-parser';
import type { DicomImage } from './dicom-image';

/** What decodeFrame needs beyond the public attributes: the parsed data set and its Pixel Data element. */
export interface ImageInternals {
  dataSet: DataSet;
  pixelData: Element;
}

// Kept out of the public object so DicomImage stays a plain, serialisable-looking record.
const internals = new WeakMap<DicomImage, ImageInternals>();

/** Associates parser state with an image (parseDicom only). */
export function attachInternals(image: DicomImage, state: ImageInternals): void {
  internals.set(image, state);
}

/** The parser state of an image made by parseDicom, or undefined for any other object. */
export function getInternals(image: DicomImage): ImageInternals | undefined {
  return internals.get(image);
}
