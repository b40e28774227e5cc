import { DicomError } from '../dicom-error';
import type { CodecFrame, CodecOutput } from './codec';

/** 12-bit DCT JPEG (process 4): not decodable by the 8-bit libjpeg-turbo build. */
export function decodeJpegDct12Bit(frame: CodecFrame): CodecOutput {
  throw new DicomError(`decodeFrame: expected an 8-bit DCT JPEG, received a 12-bit one (${frame.columns}x${frame.rows}) that this version cannot decode`, 'DECODE_FAILED');
}
