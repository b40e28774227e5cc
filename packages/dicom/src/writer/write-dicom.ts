import { deflateSync } from 'fflate';
import { DicomError } from '../dicom-error';
import { lookupKeyword } from '../dictionary';
import type { DictionaryEntry } from '../dictionary';
import { TransferSyntax } from '../transfer-syntax';
import { ByteWriter } from './byte-writer';
import type { DicomDataset, DicomValue } from './dicom-dataset';
import { encapsulatedWriteSyntaxes, encodeFrame } from './encode-frame';
import { encodeValue, hasNonAscii, longLengthVrs } from './encode-value';

/** Options of writeDicom. */
export interface WriteDicomOptions {
  /** Transfer syntax of the data set; explicit VR little endian by default. */
  transferSyntaxUID?: string;
}

/** Identifies files written by this package (ImplementationClassUID, a 2.25 UUID-derived UID). */
export const implementationClassUid = '2.25.196457238617409851271637846313591374562';
const implementationVersionName = 'SPINEDX_DICOM_0';
const nativeWriteSyntaxes: readonly string[] = [TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ImplicitVRLittleEndian, TransferSyntax.DeflatedExplicitVRLittleEndian];

interface ResolvedElement {
  entry: DictionaryEntry;
  value: Exclude<DicomValue, undefined>;
}

function resolveElements(dataset: DicomDataset): ResolvedElement[] {
  const elements: ResolvedElement[] = [];
  for (const [keyword, value] of Object.entries(dataset)) {
    if (value === undefined) continue;
    const entry = lookupKeyword(keyword);
    if (entry === undefined) {
      throw new DicomError(`writeDicom: expected a keyword of the built-in dictionary (see listKeywords()), received '${keyword}'`, 'UNKNOWN_KEYWORD');
    }
    elements.push({ entry, value });
  }
  return elements.sort((a, b) => a.entry.tag - b.entry.tag);
}

function isSequence(value: Exclude<DicomValue, undefined>): value is readonly DicomDataset[] {
  return Array.isArray(value) && value.some((item) => typeof item === 'object' && item !== null);
}

function writeHeader(writer: ByteWriter, tag: number, vr: string, length: number, explicit: boolean): void {
  writer.uint16(tag >>> 16);
  writer.uint16(tag & 0xffff);
  if (!explicit) {
    writer.uint32(length);
    return;
  }
  writer.uint16(vr.charCodeAt(0) | (vr.charCodeAt(1) << 8));
  if (longLengthVrs.has(vr)) {
    writer.uint16(0);
    writer.uint32(length);
  } else {
    if (length > 0xffff) throw new DicomError(`writeDicom: expected at most 65535 bytes for a ${vr} value, received ${length}`, 'WRITE_FAILED');
    writer.uint16(length);
  }
}

/** Encodes a data set's elements (sorted by tag) with defined lengths, sequences included. */
function encodeDataset(dataset: DicomDataset, explicit: boolean, skipTag?: number): Uint8Array {
  const writer = new ByteWriter();
  for (const { entry, value } of resolveElements(dataset)) {
    if (entry.tag === skipTag || entry.tag >>> 16 === 0x0002) continue;
    if (entry.vr === 'SQ' || isSequence(value)) {
      if (entry.vr !== 'SQ') throw new DicomError(`writeDicom: expected a ${entry.vr} value for ${entry.keyword}, received a list of data sets`, 'WRITE_FAILED');
      const items = (Array.isArray(value) ? value : []) as readonly DicomDataset[];
      const encodedItems = items.map((item) => encodeDataset(item, explicit));
      writeHeader(writer, entry.tag, 'SQ', encodedItems.reduce((sum, item) => sum + 8 + item.length, 0), explicit);
      for (const item of encodedItems) {
        writer.uint16(0xfffe);
        writer.uint16(0xe000);
        writer.uint32(item.length);
        writer.bytes(item);
      }
      continue;
    }
    const vr = entry.tag === 0x7fe00010 && value instanceof Uint8Array ? 'OB' : entry.vr;
    const bytes = encodeValue(entry.keyword, vr, value as Exclude<DicomValue, undefined | readonly DicomDataset[]>);
    writeHeader(writer, entry.tag, vr, bytes.length, explicit);
    writer.bytes(bytes);
  }
  return writer.toBytes();
}

function numberOf(dataset: DicomDataset, keyword: string, fallback?: number): number {
  const raw = dataset[keyword];
  const value = typeof raw === 'string' ? Number(raw) : typeof raw === 'number' ? raw : fallback;
  if (value === undefined || !Number.isInteger(value) || value < 1) {
    throw new DicomError(`writeDicom: expected ${keyword} as a positive integer to encapsulate Pixel Data, received ${String(raw)}`, 'WRITE_FAILED');
  }
  return value;
}

/** Encodes every frame of PixelData and writes it encapsulated: Basic Offset Table, one fragment per frame (PS3.5 A.4). */
async function encapsulatePixelData(dataset: DicomDataset, transferSyntaxUID: string): Promise<Uint8Array> {
  const pixelData = dataset.PixelData;
  if (!(pixelData instanceof Uint8Array || pixelData instanceof Uint16Array || pixelData instanceof Int16Array)) {
    throw new DicomError('writeDicom: expected PixelData as a Uint8Array, Uint16Array or Int16Array to compress, received none', 'WRITE_FAILED');
  }
  const rows = numberOf(dataset, 'Rows');
  const columns = numberOf(dataset, 'Columns');
  const samplesPerPixel = numberOf(dataset, 'SamplesPerPixel', 1);
  const bitsAllocated = numberOf(dataset, 'BitsAllocated');
  const bitsStored = numberOf(dataset, 'BitsStored', bitsAllocated);
  const frames = numberOf(dataset, 'NumberOfFrames', 1);
  const signed = dataset.PixelRepresentation === 1;
  const bytes = new Uint8Array(pixelData.buffer, pixelData.byteOffset, pixelData.byteLength);
  const frameBytes = (rows * columns * samplesPerPixel * bitsAllocated) / 8;
  if (bytes.length < frameBytes * frames || ![8, 16].includes(bitsAllocated)) {
    throw new DicomError(`writeDicom: expected ${frameBytes * frames} bytes of 8- or 16-bit PixelData for ${frames} frame(s) of ${rows}x${columns}x${samplesPerPixel}, received ${bytes.length} bytes, BitsAllocated ${bitsAllocated}`, 'WRITE_FAILED');
  }
  const fragments: Uint8Array[] = [];
  for (let frame = 0; frame < frames; frame++) {
    const encoded = await encodeFrame(transferSyntaxUID, bytes.subarray(frame * frameBytes, (frame + 1) * frameBytes), { rows, columns, samplesPerPixel, bitsAllocated, bitsStored, signed });
    fragments.push(encoded);
  }
  const writer = new ByteWriter();
  writer.uint16(0x7fe0);
  writer.uint16(0x0010);
  writer.uint16(0x424f); // 'OB'
  writer.uint16(0);
  writer.uint32(0xffffffff);
  writer.uint16(0xfffe);
  writer.uint16(0xe000);
  writer.uint32(4 * frames);
  let offset = 0;
  for (const fragment of fragments) {
    writer.uint32(offset);
    offset += 8 + fragment.length + (fragment.length % 2);
  }
  for (const fragment of fragments) {
    writer.uint16(0xfffe);
    writer.uint16(0xe000);
    writer.uint32(fragment.length + (fragment.length % 2));
    writer.bytes(fragment);
    if (fragment.length % 2 === 1) writer.bytes(new Uint8Array(1));
  }
  writer.uint16(0xfffe);
  writer.uint16(0xe0dd);
  writer.uint32(0);
  return writer.toBytes();
}

function metaInformation(dataset: DicomDataset, transferSyntaxUID: string): Uint8Array {
  const sopClassUid = dataset.SOPClassUID;
  const sopInstanceUid = dataset.SOPInstanceUID;
  if (typeof sopClassUid !== 'string' || typeof sopInstanceUid !== 'string' || sopClassUid === '' || sopInstanceUid === '') {
    throw new DicomError(`writeDicom: expected SOPClassUID and SOPInstanceUID strings for the File Meta Information, received ${String(sopClassUid)} and ${String(sopInstanceUid)}`, 'WRITE_FAILED');
  }
  const userMeta = Object.fromEntries(Object.entries(dataset).filter(([keyword]) => (lookupKeyword(keyword)?.tag ?? 0) >>> 16 === 0x0002));
  const meta: DicomDataset = {
    ImplementationVersionName: implementationVersionName,
    ...userMeta,
    FileMetaInformationVersion: new Uint8Array([0, 1]),
    MediaStorageSOPClassUID: sopClassUid,
    MediaStorageSOPInstanceUID: sopInstanceUid,
    TransferSyntaxUID: transferSyntaxUID,
    ImplementationClassUID: implementationClassUid,
  };
  delete meta.FileMetaInformationGroupLength;
  const elements = new ByteWriter();
  for (const { entry, value } of resolveElements(meta)) {
    const bytes = encodeValue(entry.keyword, entry.vr, value as Exclude<DicomValue, undefined | readonly DicomDataset[]>);
    writeHeader(elements, entry.tag, entry.vr, bytes.length, true);
    elements.bytes(bytes);
  }
  const body = elements.toBytes();
  const writer = new ByteWriter();
  writeHeader(writer, 0x00020000, 'UL', 4, true);
  writer.uint32(body.length);
  writer.bytes(body);
  return writer.toBytes();
}

/**
 * Writes a data set as a DICOM Part 10 file: 128-byte preamble, `DICM`, File Meta Information (group length,
 * version, media storage SOP class/instance from SOPClassUID/SOPInstanceUID, transfer syntax, implementation
 * UID), then the data set. Explicit VR little endian by default; also implicit VR little endian, deflated
 * explicit VR little endian, and (PixelData compressed frame by frame) RLE Lossless, JPEG-LS lossless,
 * JPEG 2000 lossless and HTJ2K lossless. Non-ASCII text sets SpecificCharacterSet to ISO_IR 192 (UTF-8).
 * Throws `DicomError` (`UNKNOWN_KEYWORD`, `WRITE_FAILED`) for keywords or values it cannot write.
 */
export async function writeDicom(dataset: DicomDataset, options: WriteDicomOptions = {}): Promise<Uint8Array> {
  const transferSyntaxUID = options.transferSyntaxUID ?? TransferSyntax.ExplicitVRLittleEndian;
  const encapsulated = encapsulatedWriteSyntaxes.includes(transferSyntaxUID);
  if (!encapsulated && !nativeWriteSyntaxes.includes(transferSyntaxUID)) {
    throw new DicomError(`writeDicom: expected a transfer syntax in ${[...nativeWriteSyntaxes, ...encapsulatedWriteSyntaxes].join(', ')}, received ${transferSyntaxUID}`, 'UNSUPPORTED_TRANSFER_SYNTAX');
  }
  const withCharacterSet: DicomDataset = dataset.SpecificCharacterSet === undefined && hasNonAscii(dataset) ? { ...dataset, SpecificCharacterSet: 'ISO_IR 192' } : dataset;
  const explicit = transferSyntaxUID !== TransferSyntax.ImplicitVRLittleEndian;
  let body = encodeDataset(withCharacterSet, explicit, encapsulated ? 0x7fe00010 : undefined);
  if (encapsulated) {
    const pixels = await encapsulatePixelData(withCharacterSet, transferSyntaxUID);
    const joined = new Uint8Array(body.length + pixels.length);
    joined.set(body);
    joined.set(pixels, body.length);
    body = joined;
  }
  if (transferSyntaxUID === TransferSyntax.DeflatedExplicitVRLittleEndian) {
    const deflated = deflateSync(body, { level: 6 });
    // PS3.5 A.5: an odd-length deflated stream gets one trailing NUL.
    body = deflated.length % 2 === 0 ? deflated : Uint8Array.from([...deflated, 0]);
  }
  const meta = metaInformation(withCharacterSet, transferSyntaxUID);
  const file = new Uint8Array(132 + meta.length + body.length);
  file.set([0x44, 0x49, 0x43, 0x4d], 128);
  file.set(meta, 132);
  file.set(body, 132 + meta.length);
  return file;
}
