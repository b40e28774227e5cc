import { DicomError } from '../dicom-error';
import type { DicomDataset, DicomValue } from './dicom-dataset';

const textEncoder = new TextEncoder();
const littleEndianHost = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** VRs whose explicit-VR length field is 4 bytes (PS3.5 7.1.2). */
export const longLengthVrs = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const stringVrs = new Set(['AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UI', 'UR', 'UT']);
const numericVrs: Record<string, { size: number; write: (view: DataView, offset: number, value: number) => void; min: number; max: number }> = {
  US: { size: 2, write: (view, offset, value) => view.setUint16(offset, value, true), min: 0, max: 0xffff },
  SS: { size: 2, write: (view, offset, value) => view.setInt16(offset, value, true), min: -0x8000, max: 0x7fff },
  UL: { size: 4, write: (view, offset, value) => view.setUint32(offset, value, true), min: 0, max: 0xffffffff },
  SL: { size: 4, write: (view, offset, value) => view.setInt32(offset, value, true), min: -0x80000000, max: 0x7fffffff },
  FL: { size: 4, write: (view, offset, value) => view.setFloat32(offset, value, true), min: -Infinity, max: Infinity },
  FD: { size: 8, write: (view, offset, value) => view.setFloat64(offset, value, true), min: -Infinity, max: Infinity },
};

/** Formats a number as a Decimal String of at most 16 characters (PS3.5 6.2, VR DS). */
export function formatDecimalString(value: number): string {
  if (!Number.isFinite(value)) throw new DicomError(`writeDicom: expected a finite number for a DS value, received ${value}`, 'WRITE_FAILED');
  const plain = String(value);
  if (plain.length <= 16) return plain;
  for (let digits = 15; digits >= 1; digits--) {
    const text = String(Number(value.toPrecision(digits)));
    if (text.length <= 16) return text;
    const exponential = value.toExponential(Math.max(0, digits - 1)).replace('e+', 'e');
    if (exponential.length <= 16) return exponential;
  }
  throw new DicomError(`writeDicom: cannot format ${value} as a 16-character DS`, 'WRITE_FAILED');
}

function stringOf(keyword: string, vr: string, item: string | number): string {
  if (typeof item === 'string') {
    if (item.includes('\\') && vr !== 'LT' && vr !== 'ST' && vr !== 'UT') {
      throw new DicomError(`writeDicom: expected ${keyword} values without '\\' (pass an array for several values), received '${item}'`, 'WRITE_FAILED');
    }
    return item;
  }
  if (vr === 'DS') return formatDecimalString(item);
  if (vr === 'IS') {
    if (!Number.isInteger(item) || Math.abs(item) > 2 ** 31 - 1) throw new DicomError(`writeDicom: expected an integer for ${keyword} (IS), received ${item}`, 'WRITE_FAILED');
    return String(item);
  }
  if (!Number.isFinite(item)) throw new DicomError(`writeDicom: expected a finite number for ${keyword}, received ${item}`, 'WRITE_FAILED');
  return String(item);
}

function typedArrayBytes(value: Uint8Array | Uint16Array | Int16Array): Uint8Array {
  if (value instanceof Uint8Array || littleEndianHost) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  const bytes = new Uint8Array(value.byteLength);
  const view = new DataView(bytes.buffer);
  for (let index = 0; index < value.length; index++) view.setUint16(2 * index, value[index]! & 0xffff, true);
  return bytes;
}

/**
 * Encodes one attribute value as its little-endian value bytes, padded to even length (UI with NUL, text with a
 * space, binary with a zero byte). Sequences are handled by the writer, not here.
 */
export function encodeValue(keyword: string, vr: string, value: Exclude<DicomValue, undefined | readonly DicomDataset[]>): Uint8Array {
  if (value instanceof Uint8Array || value instanceof Uint16Array || value instanceof Int16Array) {
    if (!['OB', 'OW', 'UN'].includes(vr)) throw new DicomError(`writeDicom: expected ${vr} values for ${keyword}, received a ${value.constructor.name}`, 'WRITE_FAILED');
    const bytes = typedArrayBytes(value);
    if (bytes.length % 2 === 0) return bytes;
    const padded = new Uint8Array(bytes.length + 1);
    padded.set(bytes);
    return padded;
  }
  const items = (Array.isArray(value) ? value : [value]) as readonly (string | number)[];
  const numeric = numericVrs[vr];
  if (numeric !== undefined) {
    const bytes = new Uint8Array(items.length * numeric.size);
    const view = new DataView(bytes.buffer);
    items.forEach((item, index) => {
      if (typeof item !== 'number' || Number.isNaN(item) || item < numeric.min || item > numeric.max || (numeric.min !== -Infinity && !Number.isInteger(item))) {
        throw new DicomError(`writeDicom: expected ${keyword} (${vr}) numbers in ${numeric.min}..${numeric.max}, received ${String(item)}`, 'WRITE_FAILED');
      }
      numeric.write(view, index * numeric.size, item);
    });
    return bytes;
  }
  if (!stringVrs.has(vr)) throw new DicomError(`writeDicom: cannot write ${keyword} with VR ${vr} from ${typeof value}`, 'WRITE_FAILED');
  const text = items.map((item) => stringOf(keyword, vr, item)).join('\\');
  const encoded = textEncoder.encode(text);
  if (encoded.length % 2 === 0) return encoded;
  const padded = new Uint8Array(encoded.length + 1);
  padded.set(encoded);
  padded[encoded.length] = vr === 'UI' ? 0 : 0x20;
  return padded;
}

/** True when any string in the data set (recursively) has a non-ASCII character. */
export function hasNonAscii(dataset: DicomDataset): boolean {
  return Object.values(dataset).some((value) => {
    if (typeof value === 'string') return /[^\x00-\x7f]/.test(value);
    if (Array.isArray(value)) return value.some((item) => (typeof item === 'string' ? /[^\x00-\x7f]/.test(item) : typeof item === 'object' && item !== null && hasNonAscii(item as DicomDataset)));
    return false;
  });
}
