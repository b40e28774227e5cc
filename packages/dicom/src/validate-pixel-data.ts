import type { Element } from 'dicom-parser';
import { DicomError } from './dicom-error';

/** The Image Pixel attributes as read, before validation (undefined where absent). */
export interface PixelDescription {
  rows: number | undefined;
  columns: number | undefined;
  samplesPerPixel: number;
  bitsAllocated: number | undefined;
  bitsStored: number | undefined;
  pixelRepresentation: number;
  numberOfFrames: number;
  photometricInterpretation: string;
  pixelData: Element;
  /** 'native' or 'encapsulated' per the transfer syntax; 'unknown' checks only the attributes themselves. */
  layout: 'native' | 'encapsulated' | 'unknown';
}

/** The validated Image Pixel attributes. */
export interface CheckedPixelDescription {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  highBit: number;
  pixelRepresentation: number;
  numberOfFrames: number;
}

/** Bytes one native (uncompressed) frame occupies, as a fractional count for BitsAllocated 1 (PS3.5 8.1.1). */
export function nativeFrameBytes(rows: number, columns: number, samplesPerPixel: number, bitsAllocated: number, photometricInterpretation: string): number {
  // YBR_FULL_422 stores Y1 Y2 Cb Cr for each pair of pixels: two samples per pixel, not three (PS3.3 C.7.6.3.1.2).
  const samples = photometricInterpretation === 'YBR_FULL_422' ? rows * columns * 2 : rows * columns * samplesPerPixel;
  return (samples * bitsAllocated) / 8;
}

/**
 * Checks the Image Pixel module against itself and against the bytes present, before anything is allocated for
 * the declared size: a file declaring 65535 x 65535 pixels with 32 KiB of data is rejected here.
 */
export function validatePixelData(description: PixelDescription): CheckedPixelDescription {
  const { rows, columns, samplesPerPixel, bitsAllocated, pixelRepresentation, numberOfFrames, pixelData } = description;
  const fail = (expected: string, received: string): never => {
    throw new DicomError(`parseDicom: expected ${expected}, received ${received}`, 'INVALID_DIMENSIONS');
  };
  if (rows === undefined || rows < 1) fail('Rows (0028,0010) >= 1', String(rows));
  if (columns === undefined || columns < 1) fail('Columns (0028,0011) >= 1', String(columns));
  if (samplesPerPixel !== 1 && samplesPerPixel !== 3) fail('SamplesPerPixel 1 or 3', String(samplesPerPixel));
  if (bitsAllocated === undefined || ![1, 8, 16, 32].includes(bitsAllocated)) fail('BitsAllocated 1, 8, 16 or 32', String(bitsAllocated));
  const bitsStored = description.bitsStored ?? bitsAllocated!;
  if (bitsStored < 1 || bitsStored > bitsAllocated!) fail(`BitsStored between 1 and BitsAllocated (${bitsAllocated})`, String(bitsStored));
  if (pixelRepresentation !== 0 && pixelRepresentation !== 1) fail('PixelRepresentation 0 or 1', String(pixelRepresentation));
  if (!Number.isInteger(numberOfFrames) || numberOfFrames < 1) fail('NumberOfFrames a positive integer', String(numberOfFrames));
  const checked: CheckedPixelDescription = {
    rows: rows!,
    columns: columns!,
    samplesPerPixel,
    bitsAllocated: bitsAllocated!,
    bitsStored,
    highBit: bitsStored - 1,
    pixelRepresentation,
    numberOfFrames,
  };
  // A syntax we cannot decode (e.g. MPEG video) is reported by decodeFrame, not here.
  if (description.layout === 'unknown') return checked;
  if (description.layout === 'encapsulated') {
    const fragments = pixelData.fragments?.length ?? 0;
    if (pixelData.encapsulatedPixelData !== true || fragments === 0) {
      throw new DicomError('parseDicom: expected encapsulated Pixel Data with at least one fragment, received none', 'PIXEL_DATA_TOO_SHORT');
    }
    // Every frame needs at least one fragment of its own (PS3.5 A.4).
    if (numberOfFrames > fragments) {
      throw new DicomError(`parseDicom: expected at least ${numberOfFrames} fragments for NumberOfFrames ${numberOfFrames}, received ${fragments}`, 'PIXEL_DATA_TOO_SHORT');
    }
    return checked;
  }
  if (pixelData.encapsulatedPixelData === true) {
    throw new DicomError('parseDicom: expected native Pixel Data for an uncompressed transfer syntax, received encapsulated fragments', 'INVALID_ATTRIBUTE');
  }
  const needed = Math.ceil(nativeFrameBytes(checked.rows, checked.columns, samplesPerPixel, checked.bitsAllocated, description.photometricInterpretation) * numberOfFrames);
  if (pixelData.length < needed) {
    throw new DicomError(
      `parseDicom: expected ${needed} bytes of Pixel Data for ${checked.rows}x${checked.columns}x${samplesPerPixel} samples x ${numberOfFrames} frame(s) of ${checked.bitsAllocated} bits, received ${pixelData.length}`,
      'PIXEL_DATA_TOO_SHORT',
    );
  }
  return checked;
}
