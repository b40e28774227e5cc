import { DicomError } from '../dicom-error';

interface Segment {
  marker: number;
  start: number;
  end: number;
}

/** The marker segments between SOI and the first SOS (ITU T.81 B.1.1), each with its byte range. */
function readHeaderSegments(bytes: Uint8Array): Segment[] {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) {
    throw new DicomError('decodeFrame: expected a JPEG stream starting with SOI (FFD8), received other bytes', 'DECODE_FAILED');
  }
  const segments: Segment[] = [];
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) throw new DicomError(`decodeFrame: expected a JPEG marker at byte ${offset}, received 0x${bytes[offset]!.toString(16)}`, 'DECODE_FAILED');
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1;
      continue;
    }
    const length = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
    const end = offset + 2 + length;
    if (length < 2 || end > bytes.length) throw new DicomError(`decodeFrame: expected a JPEG segment within the stream at byte ${offset}, received length ${length}`, 'DECODE_FAILED');
    segments.push({ marker, start: offset, end });
    if (marker === 0xda) return segments;
    offset = end;
  }
  throw new DicomError('decodeFrame: expected a JPEG scan (SOS), received a stream that ends before one', 'DECODE_FAILED');
}

/** The sample precision (8 or 12) declared by the stream's SOF marker. */
export function readJpegPrecision(bytes: Uint8Array): number {
  const frame = readHeaderSegments(bytes).find((segment) => segment.marker >= 0xc0 && segment.marker <= 0xcf && segment.marker !== 0xc4 && segment.marker !== 0xc8 && segment.marker !== 0xcc);
  if (frame === undefined) throw new DicomError('decodeFrame: expected a JPEG SOF marker, received none', 'DECODE_FAILED');
  return bytes[frame.start + 4]!;
}

/**
 * Returns the stream with its JFIF (APP0) and Adobe (APP14) segments replaced by an Adobe segment declaring
 * transform 0, so libjpeg delivers the components untransformed (as PhotometricInterpretation RGB requires).
 */
export function forceRgbColourSpace(bytes: Uint8Array): Uint8Array {
  const segments = readHeaderSegments(bytes);
  const adobe = [0xff, 0xee, 0x00, 0x0e, 0x41, 0x64, 0x6f, 0x62, 0x65, 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, 0x00];
  const kept = segments.filter((segment) => segment.marker !== 0xe0 && segment.marker !== 0xee);
  const scanStart = segments[segments.length - 1]!.start;
  const parts = [bytes.subarray(0, 2), Uint8Array.from(adobe), ...kept.slice(0, -1).map((segment) => bytes.subarray(segment.start, segment.end)), bytes.subarray(scanStart)];
  const result = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    result.set(part, offset);
    offset += part.length;
  }
  return result;
}

/**
 * Checks the frame header (SOF of JPEG, SOF55 of JPEG-LS) against the DICOM geometry before any decoder
 * allocates for it, so a corrupt header cannot make a codec allocate gigabytes.
 */
export function expectJpegGeometry(bytes: Uint8Array, rows: number, columns: number, samplesPerPixel: number): void {
  const frame = readHeaderSegments(bytes).find((segment) => (segment.marker >= 0xc0 && segment.marker <= 0xcf && segment.marker !== 0xc4 && segment.marker !== 0xc8 && segment.marker !== 0xcc) || segment.marker === 0xf7);
  if (frame === undefined || frame.end - frame.start < 10) throw new DicomError('decodeFrame: expected a JPEG frame header (SOF), received none', 'DECODE_FAILED');
  const height = (bytes[frame.start + 5]! << 8) | bytes[frame.start + 6]!;
  const width = (bytes[frame.start + 7]! << 8) | bytes[frame.start + 8]!;
  const components = bytes[frame.start + 9]!;
  if (width !== columns || height !== rows || components !== samplesPerPixel) {
    throw new DicomError(`decodeFrame: expected a ${columns}x${rows} JPEG frame with ${samplesPerPixel} component(s), received a header declaring ${width}x${height} with ${components}`, 'DECODE_FAILED');
  }
}

/** Checks a JPEG 2000 codestream's SIZ marker (ITU T.800 A.5.1) against the DICOM geometry before decoding. */
export function expectJpeg2000Geometry(bytes: Uint8Array, rows: number, columns: number, samplesPerPixel: number): void {
  // A JP2 file wrapper puts the codestream inside a box; find SOC + SIZ wherever it starts.
  let start = 0;
  while (start + 42 <= bytes.length && !(bytes[start] === 0xff && bytes[start + 1] === 0x4f && bytes[start + 2] === 0xff && bytes[start + 3] === 0x51)) start++;
  if (start + 42 > bytes.length) throw new DicomError('decodeFrame: expected a JPEG 2000 codestream (SOC, SIZ), received none', 'DECODE_FAILED');
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, 42);
  const width = view.getUint32(8) - view.getUint32(16);
  const height = view.getUint32(12) - view.getUint32(20);
  const components = view.getUint16(40);
  if (width !== columns || height !== rows || components !== samplesPerPixel) {
    throw new DicomError(`decodeFrame: expected a ${columns}x${rows} JPEG 2000 image with ${samplesPerPixel} component(s), received a SIZ declaring ${width}x${height} with ${components}`, 'DECODE_FAILED');
  }
}
