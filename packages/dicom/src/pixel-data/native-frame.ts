import type { DicomImage } from '../dicom-image';
import type { ImageInternals } from '../image-internals';
import { TransferSyntax } from '../transfer-syntax';
import { nativeFrameBytes } from '../validate-pixel-data';
import { ybr422ToYbrFull } from './colour';
import { swapBytes, toStoredValues, unpackBits } from './stored-values';
import type { StoredPixelArray } from './stored-values';

/**
 * Reads frame `frameIndex` of native (uncompressed) Pixel Data as stored values, samples in the file's order
 * (planar stays planar; YBR_FULL_422 is expanded to three samples per pixel).
 */
export function readNativeFrame(image: DicomImage, internals: ImageInternals, frameIndex: number): StoredPixelArray {
  const { rows, columns, samplesPerPixel, bitsAllocated, bitsStored, photometricInterpretation } = image;
  const { dataSet, pixelData } = internals;
  const pixels = rows * columns;
  const values = pixels * samplesPerPixel;
  const all = dataSet.byteArray.subarray(pixelData.dataOffset, pixelData.dataOffset + pixelData.length);
  if (bitsAllocated === 1) return unpackBits(all, frameIndex * values, values);
  const frameBytes = nativeFrameBytes(rows, columns, samplesPerPixel, bitsAllocated, photometricInterpretation);
  const start = frameIndex * frameBytes;
  let bytes = all.subarray(start, start + frameBytes);
  const bigEndian = image.transferSyntaxUID === TransferSyntax.ExplicitVRBigEndian;
  // 8-bit samples in an OW element under big endian have each 16-bit word byte-swapped (PS3.5 7.3).
  if (bigEndian && bitsAllocated === 8 && pixelData.vr === 'OW') {
    const alignedStart = start - (start % 2);
    const aligned = all.slice(alignedStart, Math.min(all.length, start + frameBytes + 2));
    swapBytes(aligned, 2);
    bytes = aligned.subarray(start - alignedStart, start - alignedStart + frameBytes);
  }
  if (photometricInterpretation === 'YBR_FULL_422' && bitsAllocated === 8) {
    return toStoredValues(ybr422ToYbrFull(bytes, pixels), values, 8, bitsStored, image.pixelRepresentation === 1);
  }
  return toStoredValues(bytes, values, bitsAllocated, bitsStored, image.pixelRepresentation === 1, bigEndian);
}
