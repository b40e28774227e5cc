import { DicomError } from '../dicom-error';
import type { CodecFrame, CodecOutput, DecodeOptions } from './codec';
import { expectJpegGeometry, forceRgbColourSpace, readJpegPrecision } from './jpeg-markers';
import { decodeWithWasm, expectGeometry, widenSamples } from './wasm-codec';

/**
 * Decodes a JPEG baseline / extended (DCT, processes 1, 2 and 4) frame with libjpeg-turbo
 * (@cornerstonejs/codec-libjpeg-turbo-8bit). The PhotometricInterpretation decides the colour transform:
 * `RGB` means the components are delivered untransformed whatever markers the stream carries.
 */
export async function decodeJpegDct(frame: CodecFrame, options: DecodeOptions): Promise<CodecOutput> {
  expectJpegGeometry(frame.bytes, frame.rows, frame.columns, frame.samplesPerPixel);
  const precision = readJpegPrecision(frame.bytes);
  if (precision !== 8) {
    return (await import('./jpeg-dct-12bit')).decodeJpegDct12Bit(frame);
  }
  const rgbComponents = frame.samplesPerPixel === 3 && frame.photometricInterpretation === 'RGB';
  const bytes = rgbComponents ? forceRgbColourSpace(frame.bytes) : frame.bytes;
  const { info, output } = await decodeWithWasm('libjpeg-turbo-8bit', 'JPEGDecoder', () => import('@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs'), bytes, options);
  expectGeometry('JPEG', info, frame.rows, frame.columns, frame.samplesPerPixel);
  if (info.bitsPerSample > 8) throw new DicomError(`decodeFrame: expected 8-bit JPEG output, received ${info.bitsPerSample} bits`, 'DECODE_FAILED');
  return { bytes: widenSamples(output, 1, frame.bitsAllocated, false), planar: false, rgb: true };
}
