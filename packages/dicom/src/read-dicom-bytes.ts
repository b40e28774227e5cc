import { readFile } from 'node:fs/promises';
import { DicomError } from './dicom-error';

/** Reads a file into a Uint8Array, turning a missing file into a `DicomError` with code `FILE_NOT_FOUND`. */
export async function readDicomBytes(path: string): Promise<Uint8Array> {
  try {
    const buffer = await readFile(path);
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  } catch (error) {
    throw new DicomError(`readDicomBytes: cannot read '${path}'`, 'FILE_NOT_FOUND', { cause: error });
  }
}
