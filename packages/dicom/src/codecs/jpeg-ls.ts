import type { CodecFrame, CodecOutput, DecodeOptions } from './codec';
import { expectJpegGeometry } from './jpeg-markers';
import { decodeWithWasm, expectGeometry, widenSamples } from './wasm-codec';

/** Decodes a JPEG-LS (lossless or near-lossless) frame with CharLS (@cornerstonejs/codec-charls). */
export async function decodeJpegLs(frame: CodecFrame, options: DecodeOptions): Promise<CodecOutput> {
  expectJpegGeometry(frame.bytes, frame.rows, frame.columns, frame.samplesPerPixel);
  const { info, output, interleaveMode } = await decodeWithWasm('charls', 'JpegLSDecoder', () => import('@cornerstonejs/codec-charls/decodewasmjs'), frame.bytes, options);
  expectGeometry('JPEG-LS', info, frame.rows, frame.columns, frame.samplesPerPixel);
  const bytesPerSample = info.bitsPerSample <= 8 ? 1 : 2;
  // Interleave mode 0 (none) delivers one plane per component.
  return { bytes: widenSamples(output, bytesPerSample, frame.bitsAllocated, false), planar: interleaveMode === 0 && frame.samplesPerPixel > 1, rgb: false };
}
