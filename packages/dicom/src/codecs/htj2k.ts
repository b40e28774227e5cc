import type { CodecFrame, CodecOutput, DecodeOptions } from './codec';
import { expectJpeg2000Geometry } from './jpeg-markers';
import { decodeWithWasm, expectGeometry, widenSamples } from './wasm-codec';

/** Decodes a High-Throughput JPEG 2000 frame with OpenJPH (@cornerstonejs/codec-openjph). */
export async function decodeHtj2k(frame: CodecFrame, options: DecodeOptions): Promise<CodecOutput> {
  expectJpeg2000Geometry(frame.bytes, frame.rows, frame.columns, frame.samplesPerPixel);
  const { info, output } = await decodeWithWasm('openjph', 'HTJ2KDecoder', () => import('@cornerstonejs/codec-openjph/wasmjs'), frame.bytes, options);
  expectGeometry('HTJ2K', info, frame.rows, frame.columns, frame.samplesPerPixel);
  const bytesPerSample = info.bitsPerSample <= 8 ? 1 : 2;
  const rgb = frame.photometricInterpretation === 'YBR_RCT' || frame.photometricInterpretation === 'YBR_ICT';
  return { bytes: widenSamples(output, bytesPerSample, frame.bitsAllocated, info.isSigned === true), planar: false, rgb };
}
