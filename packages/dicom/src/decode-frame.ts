import type { CodecFrame, CodecOutput, DecodeOptions } from './codecs/codec';
import { DicomError } from './dicom-error';
import type { DicomImage } from './dicom-image';
import { getInternals } from './image-internals';
import { planarToInterleaved, ybrFullToRgb } from './pixel-data/colour';
import { readEncapsulatedFrame } from './pixel-data/encapsulated-frames';
import { readNativeFrame } from './pixel-data/native-frame';
import { toStoredValues } from './pixel-data/stored-values';
import type { StoredPixelArray } from './pixel-data/stored-values';
import { codecOf } from './transfer-syntax';
import type { PixelCodec } from './transfer-syntax';

/** One decoded frame: stored values (no rescale, no windowing), colour interleaved as RGB. */
export interface DecodedFrame {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  /** `rows * columns * samplesPerPixel` stored values; signed when PixelRepresentation is 1. */
  data: StoredPixelArray;
}

// Codecs load on first use, so reading uncompressed files never fetches a decoder.
async function runCodec(codec: Exclude<PixelCodec, 'native'>, frame: CodecFrame, options: DecodeOptions): Promise<CodecOutput> {
  switch (codec) {
    case 'rle':
      return (await import('./codecs/rle')).decodeRle(frame);
    case 'jpeg-lossless':
      return (await import('./codecs/jpeg-lossless')).decodeJpegLossless(frame);
    case 'jpeg-ls':
      return (await import('./codecs/jpeg-ls')).decodeJpegLs(frame, options);
    case 'jpeg-2000':
      return (await import('./codecs/jpeg-2000')).decodeJpeg2000(frame, options);
    case 'htj2k':
      return (await import('./codecs/htj2k')).decodeHtj2k(frame, options);
    case 'jpeg-dct':
      return (await import('./codecs/jpeg-dct')).decodeJpegDct(frame, options);
  }
}

async function decodeCompressed(image: DicomImage, codec: Exclude<PixelCodec, 'native'>, frameIndex: number, options: DecodeOptions): Promise<StoredPixelArray> {
  const internals = getInternals(image)!;
  const bytes = readEncapsulatedFrame(internals.dataSet, internals.pixelData, frameIndex, image.numberOfFrames);
  const { rows, columns, samplesPerPixel, bitsAllocated, bitsStored, pixelRepresentation, photometricInterpretation } = image;
  if (bitsAllocated === 1) throw new DicomError('decodeFrame: expected BitsAllocated 8, 16 or 32 for compressed Pixel Data, received 1', 'DECODE_FAILED');
  let output: CodecOutput;
  try {
    output = await runCodec(codec, { bytes, rows, columns, samplesPerPixel, bitsAllocated, pixelRepresentation, photometricInterpretation }, options);
  } catch (error) {
    if (error instanceof DicomError) throw error;
    throw new DicomError(`decodeFrame: expected a decodable ${codec} frame ${frameIndex}, received data the codec rejected (${String(error instanceof Error ? error.message : error)})`, 'DECODE_FAILED', { cause: error });
  }
  const count = rows * columns * samplesPerPixel;
  const needed = (count * bitsAllocated) / 8;
  if (output.bytes.length < needed) {
    throw new DicomError(`decodeFrame: expected ${needed} decoded bytes for frame ${frameIndex}, received ${output.bytes.length} from the ${codec} codec`, 'DECODE_FAILED');
  }
  let values = toStoredValues(output.bytes, count, bitsAllocated, bitsStored, pixelRepresentation === 1);
  if (output.planar && samplesPerPixel > 1) values = planarToInterleaved(values, rows * columns, samplesPerPixel);
  if (!output.rgb && samplesPerPixel === 3 && bitsAllocated === 8 && isYbrFull(photometricInterpretation) && values instanceof Uint8Array) ybrFullToRgb(values);
  return values;
}

function isYbrFull(photometricInterpretation: string): boolean {
  return photometricInterpretation === 'YBR_FULL' || photometricInterpretation === 'YBR_FULL_422';
}

/**
 * Decodes frame `frameIndex` of a parsed image into stored values: signed when PixelRepresentation is 1, only
 * the BitsStored bits kept (sign-extended when signed), BitsAllocated 1 unpacked to 0/1, colour interleaved
 * RGB (planar data interleaved, YBR_FULL / YBR_FULL_422 converted like pydicom's convert_color_space).
 * MONOCHROME1 is not inverted and no LUT is applied. Throws `DicomError` for corrupt or unsupported data.
 */
export async function decodeFrame(image: DicomImage, frameIndex = 0, options: DecodeOptions = {}): Promise<DecodedFrame> {
  const internals = getInternals(image);
  if (internals === undefined) {
    throw new DicomError('decodeFrame: expected an image returned by parseDicom, received another object', 'INVALID_ARGUMENT');
  }
  if (!Number.isInteger(frameIndex) || frameIndex < 0 || frameIndex >= image.numberOfFrames) {
    throw new DicomError(`decodeFrame: expected a frame index in 0..${image.numberOfFrames - 1}, received ${frameIndex}`, 'INVALID_ARGUMENT');
  }
  const codec = codecOf(image.transferSyntaxUID);
  if (codec === undefined) {
    throw new DicomError(`decodeFrame: expected a supported transfer syntax, received ${image.transferSyntaxUID}`, 'UNSUPPORTED_TRANSFER_SYNTAX');
  }
  const { rows, columns, samplesPerPixel } = image;
  if (codec !== 'native') return { rows, columns, samplesPerPixel, data: await decodeCompressed(image, codec, frameIndex, options) };
  let data = readNativeFrame(image, internals, frameIndex);
  if (samplesPerPixel > 1 && image.planarConfiguration === 1 && image.photometricInterpretation !== 'YBR_FULL_422') {
    data = planarToInterleaved(data, rows * columns, samplesPerPixel);
  }
  if (samplesPerPixel === 3 && image.bitsAllocated === 8 && isYbrFull(image.photometricInterpretation) && data instanceof Uint8Array) ybrFullToRgb(data);
  return { rows, columns, samplesPerPixel, data };
}
