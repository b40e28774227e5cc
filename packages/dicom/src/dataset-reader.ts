import type { DataSet, Element } from 'dicom-parser';
import type { DicomAttributeValue, LookupTable } from './dicom-image';
import { lookupKeyword, lookupTag, tagKey } from './dictionary';

// Binary numeric VRs and the dicom-parser accessor reading one value of each.
const binaryReaders: Record<string, { size: number; read: (dataSet: DataSet, key: string, index: number) => number | undefined }> = {
  US: { size: 2, read: (dataSet, key, index) => dataSet.uint16(key, index) },
  SS: { size: 2, read: (dataSet, key, index) => dataSet.int16(key, index) },
  UL: { size: 4, read: (dataSet, key, index) => dataSet.uint32(key, index) },
  SL: { size: 4, read: (dataSet, key, index) => dataSet.int32(key, index) },
  FL: { size: 4, read: (dataSet, key, index) => dataSet.float(key, index) },
  FD: { size: 8, read: (dataSet, key, index) => dataSet.double(key, index) },
};
const byteVrs = new Set(['OB', 'OW', 'OF', 'OD', 'OL', 'UN']);

/** Resolves a keyword, tag number or `xggggeeee` key to dicom-parser's key and the VR the dictionary gives. */
export function resolveTag(tag: string | number): { key: string; vr: string | undefined } | undefined {
  if (typeof tag === 'number') return { key: tagKey(tag), vr: lookupTag(tag)?.vr };
  if (/^x[0-9a-fA-F]{8}$/.test(tag)) {
    const key = tag.toLowerCase();
    return { key, vr: lookupTag(Number.parseInt(key.slice(1), 16))?.vr };
  }
  const entry = lookupKeyword(tag);
  return entry === undefined ? undefined : { key: tagKey(entry.tag), vr: entry.vr };
}

/** Trimmed string of an element (multi-valued strings keep their backslashes), undefined when absent or empty. */
export function readString(dataSet: DataSet, key: string): string | undefined {
  const element = dataSet.elements[key];
  if (element === undefined || element.length === 0 || element.items !== undefined) return undefined;
  const text = dataSet.string(key);
  return text === undefined || text === '' ? undefined : text;
}

/** All numeric values of a DS/IS element (or of a binary numeric one); non-numbers are dropped. */
export function readNumbers(dataSet: DataSet, key: string, vr?: string): number[] {
  const element = dataSet.elements[key];
  if (element === undefined || element.length === 0) return [];
  const effectiveVr = element.vr ?? vr;
  const reader = effectiveVr === undefined ? undefined : binaryReaders[effectiveVr];
  if (reader !== undefined) {
    const values: number[] = [];
    for (let index = 0; index < Math.floor(element.length / reader.size); index++) {
      const value = reader.read(dataSet, key, index);
      if (value !== undefined) values.push(value);
    }
    return values;
  }
  const text = dataSet.string(key);
  if (text === undefined) return [];
  return text
    .split('\\')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map(Number)
    .filter((value) => Number.isFinite(value));
}

/** The first numeric value, or undefined. */
export function readNumber(dataSet: DataSet, key: string, vr?: string): number | undefined {
  return readNumbers(dataSet, key, vr)[0];
}

/** An unsigned 16-bit value (US), read in the data set's byte order; undefined when absent. */
export function readUint16(dataSet: DataSet, key: string): number | undefined {
  const element = dataSet.elements[key];
  if (element === undefined || element.length < 2) return undefined;
  return dataSet.uint16(key);
}

/** Generic attribute access for `DicomImage.get`. */
export function readAttribute(dataSet: DataSet, tag: string | number): DicomAttributeValue | undefined {
  const resolved = resolveTag(tag);
  if (resolved === undefined) return undefined;
  const element = dataSet.elements[resolved.key];
  if (element === undefined || element.items !== undefined) return undefined;
  const vr = element.vr ?? resolved.vr;
  if (vr === undefined || byteVrs.has(vr) || vr === 'SQ') {
    return vr === 'SQ' ? undefined : dataSet.byteArray.slice(element.dataOffset, element.dataOffset + element.length);
  }
  if (binaryReaders[vr] !== undefined || vr === 'DS' || vr === 'IS') {
    const values = readNumbers(dataSet, resolved.key, vr);
    return values.length === 0 ? undefined : values.length === 1 ? values[0] : values;
  }
  const text = vr === 'LT' || vr === 'ST' || vr === 'UT' ? dataSet.text(resolved.key) : readString(dataSet, resolved.key);
  if (text === undefined || text === '') return undefined;
  if (vr === 'LT' || vr === 'ST' || vr === 'UT') return text;
  const parts = text.split('\\').map((part) => part.trim());
  return parts.length === 1 ? parts[0] : parts;
}

/** Reads a Modality LUT or VOI LUT Sequence item into a LookupTable (PS3.3 C.11.1.1). */
export function readLookupTable(item: DataSet, signed: boolean): LookupTable | undefined {
  const descriptor = item.elements[tagKey(0x00283002)];
  const lutData = item.elements[tagKey(0x00283006)];
  if (descriptor === undefined || lutData === undefined || descriptor.length < 6) return undefined;
  const declaredLength = item.uint16(tagKey(0x00283002), 0) ?? 0;
  const rawFirst = item.uint16(tagKey(0x00283002), 1) ?? 0;
  const bitsPerEntry = item.uint16(tagKey(0x00283002), 2) ?? 16;
  const length = declaredLength === 0 ? 65536 : declaredLength;
  const firstValue = signed && rawFirst >= 0x8000 ? rawFirst - 0x10000 : rawFirst;
  const data = new Uint16Array(length);
  const entryBytes = bitsPerEntry <= 8 && lutData.length === length ? 1 : 2;
  if (lutData.length < length * entryBytes) return undefined;
  for (let index = 0; index < length; index++) {
    data[index] = entryBytes === 1 ? item.byteArray[lutData.dataOffset + index]! : item.byteArrayParser.readUint16(item.byteArray, lutData.dataOffset + 2 * index);
  }
  const explanation = readString(item, tagKey(0x00283003));
  return explanation === undefined ? { length, firstValue, bitsPerEntry, data } : { length, firstValue, bitsPerEntry, data, explanation };
}

/** The items of a sequence element, as data sets. */
export function sequenceItems(dataSet: DataSet, key: string): DataSet[] {
  const element: Element | undefined = dataSet.elements[key];
  return (element?.items ?? []).flatMap((item) => (item.dataSet === undefined ? [] : [item.dataSet]));
}
