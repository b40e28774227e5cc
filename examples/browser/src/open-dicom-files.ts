import type { ImageArray } from '@spinedx/core';
import { decodeImage, groupIntoSeries, parseDicom, type DecodeOptions, type DicomImage, type DicomSeries } from '@spinedx/dicom';
import { describeFileError } from './dicom-error-text';

/** A file's name and bytes, however it was opened (picker, folder, drop). */
export interface NamedBytes {
  name: string;
  bytes: Uint8Array;
}

/** A decoded slice: its header, its first frame in real units, and the file it came from. */
export interface LoadedSlice {
  fileName: string;
  /** The original Part 10 bytes. */
  bytes: Uint8Array;
  dicom: DicomImage;
  pixels: ImageArray<Float32Array>;
}

/** A series of decoded slices, in the order groupIntoSeries sorted them. */
export interface LoadedSeries {
  series: DicomSeries;
  slices: LoadedSlice[];
}

/** What opening a set of files gave: the series found and a plain-words reason for each file that failed. */
export interface OpenResult {
  series: LoadedSeries[];
  failures: { fileName: string; message: string }[];
}

/**
 * Parses and decodes every file (first frame) and groups the images into series. A file that fails does not
 * stop the others: it is listed in `failures` with the reason in plain words. In browsers pass `decode` with
 * the codecs' .wasm locations.
 */
export async function openDicomFiles(
  files: readonly NamedBytes[],
  options: { decode?: DecodeOptions; onProgress?: (done: number, total: number) => void } = {},
): Promise<OpenResult> {
  const failures: OpenResult['failures'] = [];
  const slicesByImage = new Map<DicomImage, LoadedSlice>();
  let done = 0;
  for (const file of files) {
    try {
      const dicom = parseDicom(file.bytes);
      const pixels = await decodeImage(dicom, 0, options.decode);
      slicesByImage.set(dicom, { fileName: file.name, bytes: file.bytes, dicom, pixels });
    } catch (error) {
      failures.push({ fileName: file.name, message: describeFileError(file.name, error) });
    }
    options.onProgress?.(++done, files.length);
  }
  const series = groupIntoSeries([...slicesByImage.keys()]).map((group) => ({
    series: group,
    slices: group.images.map((image) => slicesByImage.get(image)!),
  }));
  return { series, failures };
}
