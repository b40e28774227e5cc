/** Transfer syntax UIDs (PS3.5 section 10 and annex A) this package reads or writes. */
export const TransferSyntax = {
  ImplicitVRLittleEndian: '1.2.840.10008.1.2',
  ExplicitVRLittleEndian: '1.2.840.10008.1.2.1',
  DeflatedExplicitVRLittleEndian: '1.2.840.10008.1.2.1.99',
  ExplicitVRBigEndian: '1.2.840.10008.1.2.2',
  JPEGBaseline8Bit: '1.2.840.10008.1.2.4.50',
  JPEGExtended12Bit: '1.2.840.10008.1.2.4.51',
  JPEGLossless: '1.2.840.10008.1.2.4.57',
  JPEGLosslessSV1: '1.2.840.10008.1.2.4.70',
  JPEGLSLossless: '1.2.840.10008.1.2.4.80',
  JPEGLSNearLossless: '1.2.840.10008.1.2.4.81',
  JPEG2000Lossless: '1.2.840.10008.1.2.4.90',
  JPEG2000: '1.2.840.10008.1.2.4.91',
  HTJ2KLossless: '1.2.840.10008.1.2.4.201',
  HTJ2KLosslessRPCL: '1.2.840.10008.1.2.4.202',
  HTJ2K: '1.2.840.10008.1.2.4.203',
  RLELossless: '1.2.840.10008.1.2.5',
} as const;

/** Which decoder handles a transfer syntax's pixel data. */
export type PixelCodec = 'native' | 'rle' | 'jpeg-dct' | 'jpeg-lossless' | 'jpeg-ls' | 'jpeg-2000' | 'htj2k';

const codecs = new Map<string, PixelCodec>([
  [TransferSyntax.ImplicitVRLittleEndian, 'native'],
  [TransferSyntax.ExplicitVRLittleEndian, 'native'],
  [TransferSyntax.DeflatedExplicitVRLittleEndian, 'native'],
  [TransferSyntax.ExplicitVRBigEndian, 'native'],
  [TransferSyntax.JPEGBaseline8Bit, 'jpeg-dct'],
  [TransferSyntax.JPEGExtended12Bit, 'jpeg-dct'],
  [TransferSyntax.JPEGLossless, 'jpeg-lossless'],
  [TransferSyntax.JPEGLosslessSV1, 'jpeg-lossless'],
  [TransferSyntax.JPEGLSLossless, 'jpeg-ls'],
  [TransferSyntax.JPEGLSNearLossless, 'jpeg-ls'],
  [TransferSyntax.JPEG2000Lossless, 'jpeg-2000'],
  [TransferSyntax.JPEG2000, 'jpeg-2000'],
  [TransferSyntax.HTJ2KLossless, 'htj2k'],
  [TransferSyntax.HTJ2KLosslessRPCL, 'htj2k'],
  [TransferSyntax.HTJ2K, 'htj2k'],
  [TransferSyntax.RLELossless, 'rle'],
]);

/** The codec that decodes `transferSyntaxUID`, or undefined when this package does not support it. */
export function codecOf(transferSyntaxUID: string): PixelCodec | undefined {
  return codecs.get(transferSyntaxUID);
}

/** Every transfer syntax UID whose pixel data this package decodes. */
export function listSupportedTransferSyntaxes(): string[] {
  return [...codecs.keys()];
}
