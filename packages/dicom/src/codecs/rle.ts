import { DicomError } from '../dicom-error';
import type { CodecFrame, CodecOutput } from './codec';

/** Decodes one PackBits segment into `target[start], target[start + step], ...` (PS3.5 G.3.1). */
function decodeSegment(source: Uint8Array, target: Uint8Array, start: number, step: number, count: number): void {
  let input = 0;
  let written = 0;
  while (input < source.length && written < count) {
    const header = source[input++]!;
    if (header < 128) {
      const length = Math.min(header + 1, count - written, source.length - input);
      for (let index = 0; index < length; index++) target[start + step * written++] = source[input++]!;
    } else if (header > 128) {
      if (input >= source.length) break;
      const value = source[input++]!;
      const length = Math.min(257 - header, count - written);
      for (let index = 0; index < length; index++) target[start + step * written++] = value;
    }
  }
  if (written < count) {
    throw new DicomError(`decodeFrame: expected an RLE segment of ${count} bytes, received one that decodes to ${written}`, 'DECODE_FAILED');
  }
}

/**
 * Decodes an RLE Lossless frame (PS3.5 annex G): a 64-byte header of segment offsets, one segment per byte of
 * each sample, most significant byte first. Output is little-endian and interleaved.
 */
export function decodeRle(frame: CodecFrame): CodecOutput {
  const { bytes, rows, columns, samplesPerPixel, bitsAllocated } = frame;
  const bytesPerSample = bitsAllocated / 8;
  const segmentCount = samplesPerPixel * bytesPerSample;
  if (!Number.isInteger(bytesPerSample) || bytes.length < 64) {
    throw new DicomError(`decodeFrame: expected an RLE frame with a 64-byte header and 8/16/32-bit samples, received ${bytes.length} bytes, ${bitsAllocated} bits`, 'DECODE_FAILED');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = view.getUint32(0, true);
  if (declared !== segmentCount) {
    throw new DicomError(`decodeFrame: expected ${segmentCount} RLE segments, received a header declaring ${declared}`, 'DECODE_FAILED');
  }
  const offsets: number[] = [];
  for (let index = 0; index < segmentCount; index++) offsets.push(view.getUint32(4 + 4 * index, true));
  offsets.push(bytes.length);
  const pixels = rows * columns;
  for (let segment = 0; segment < segmentCount; segment++) {
    const begin = offsets[segment]!;
    const end = offsets[segment + 1]!;
    if (begin < 64 || begin > end || end > bytes.length) {
      throw new DicomError(`decodeFrame: expected RLE segment ${segment} within the ${bytes.length}-byte frame, received offsets ${begin}..${end}`, 'DECODE_FAILED');
    }
    // A PackBits pair of 2 bytes expands to at most 128: checked before allocating for the declared size.
    if (pixels > 64 * (end - begin)) {
      throw new DicomError(`decodeFrame: expected RLE segment ${segment} to cover ${pixels} bytes, received only ${end - begin} bytes`, 'DECODE_FAILED');
    }
  }
  const output = new Uint8Array(pixels * segmentCount);
  for (let segment = 0; segment < segmentCount; segment++) {
    const begin = offsets[segment]!;
    const end = offsets[segment + 1]!;
    const sample = Math.floor(segment / bytesPerSample);
    const byteInSample = bytesPerSample - 1 - (segment % bytesPerSample);
    decodeSegment(bytes.subarray(begin, end), output, sample * bytesPerSample + byteInSample, segmentCount, pixels);
  }
  return { bytes: output, planar: false, rgb: false };
}
