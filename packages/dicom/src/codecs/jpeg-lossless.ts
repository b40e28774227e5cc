import { Decoder } from 'jpeg-lossless-decoder-js';
import { DicomError } from '../dicom-error';
import type { CodecFrame, CodecOutput } from './codec';
import { expectJpegGeometry } from './jpeg-markers';
import { widenSamples } from './wasm-codec';

/** Decodes a JPEG Lossless (process 14, any selection value) frame with jpeg-lossless-decoder-js. */
export function decodeJpegLossless(frame: CodecFrame): CodecOutput {
  const { bytes, rows, columns, samplesPerPixel, bitsAllocated } = frame;
  expectJpegGeometry(bytes, rows, columns, samplesPerPixel);
  const copy = bytes.slice();
  const decoded = new Decoder().decode(copy.buffer, 0, copy.length);
  const expected = rows * columns * samplesPerPixel;
  if (decoded.length !== expected) {
    throw new DicomError(`decodeFrame: expected ${expected} JPEG Lossless samples (${columns}x${rows}x${samplesPerPixel}), received ${decoded.length}`, 'DECODE_FAILED');
  }
  const raw = new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength);
  return { bytes: widenSamples(raw, decoded.BYTES_PER_ELEMENT, bitsAllocated, false), planar: false, rgb: false };
}
