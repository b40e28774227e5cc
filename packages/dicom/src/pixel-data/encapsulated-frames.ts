import type { DataSet, Element, Fragment } from 'dicom-parser';
import { DicomError } from '../dicom-error';

function concatenate(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const result = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    result.set(part, offset);
    offset += part.length;
  }
  return result;
}

// First bytes of a JPEG (SOI), JPEG 2000 codestream (SOC SIZ) or JP2 box file: where a new frame starts.
function startsFrame(bytes: Uint8Array, fragment: Fragment): boolean {
  const at = (index: number): number => bytes[fragment.position + index] ?? -1;
  if (fragment.length < 2) return false;
  if (at(0) === 0xff && at(1) === 0xd8) return true;
  if (at(0) === 0xff && at(1) === 0x4f) return true;
  return fragment.length >= 8 && at(4) === 0x6a && at(5) === 0x50 && at(6) === 0x20 && at(7) === 0x20;
}

/**
 * The compressed bytes of frame `frameIndex` of encapsulated Pixel Data (PS3.5 A.4): one fragment per frame,
 * a single frame over all fragments, the Basic Offset Table, or, when the table is empty, the fragments that
 * open a new codestream.
 */
export function readEncapsulatedFrame(dataSet: DataSet, pixelData: Element, frameIndex: number, numberOfFrames: number): Uint8Array {
  const fragments = pixelData.fragments ?? [];
  const bytes = dataSet.byteArray;
  const slice = (fragment: Fragment): Uint8Array => bytes.subarray(fragment.position, fragment.position + fragment.length);
  if (numberOfFrames === 1) return concatenate(fragments.map(slice));
  if (fragments.length === numberOfFrames) return slice(fragments[frameIndex]!);
  const table = pixelData.basicOffsetTable ?? [];
  if (table.length === numberOfFrames) {
    const start = table[frameIndex]!;
    const end = frameIndex + 1 < numberOfFrames ? table[frameIndex + 1]! : Number.POSITIVE_INFINITY;
    const parts = fragments.filter((fragment) => fragment.offset >= start && fragment.offset < end).map(slice);
    if (parts.length > 0) return concatenate(parts);
    throw new DicomError(`decodeFrame: expected fragments at Basic Offset Table offset ${start} for frame ${frameIndex}, received none`, 'DECODE_FAILED');
  }
  const starts = fragments.flatMap((fragment, index) => (startsFrame(bytes, fragment) ? [index] : []));
  if (starts.length !== numberOfFrames) {
    throw new DicomError(
      `decodeFrame: expected ${numberOfFrames} frames in ${fragments.length} fragments without a Basic Offset Table, received ${starts.length} codestream starts`,
      'DECODE_FAILED',
    );
  }
  const first = starts[frameIndex]!;
  const last = frameIndex + 1 < starts.length ? starts[frameIndex + 1]! : fragments.length;
  return concatenate(fragments.slice(first, last).map(slice));
}
