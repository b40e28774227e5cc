import type { CodecFrame, CodecOutput, DecodeOptions } from './codec';
import { expectJpeg2000Geometry } from './jpeg-markers';
import { decodeWithWasm, expectGeometry, widenSamples } from './wasm-codec';

/**
 * Decodes a JPEG 2000 (lossless or lossy) frame with OpenJPEG (@cornerstonejs/codec-openjpeg). A multi-component
 * transform (YBR_RCT / YBR_ICT) is undone by the codec, so colour comes out RGB.
 */
export async function decodeJpeg2000(frame: CodecFrame, options: DecodeOptions): Promise<CodecOutput> {
  expectJpeg2000Geometry(frame.bytes, frame.rows, frame.columns, frame.samplesPerPixel);
  const { info, output } = await decodeWithWasm('openjpeg', 'J2KDecoder', () => import('@cornerstonejs/codec-openjpeg/decodewasmjs'), frame.bytes, options);
  expectGeometry('JPEG 2000', info, frame.rows, frame.columns, frame.samplesPerPixel);
  const bytesPerSample = info.bitsPerSample <= 8 ? 1 : 2;
  const rgb = frame.photometricInterpretation === 'YBR_RCT' || frame.photometricInterpretation === 'YBR_ICT';
  return { bytes: widenSamples(output, bytesPerSample, frame.bitsAllocated, info.isSigned === true), planar: false, rgb };
}
