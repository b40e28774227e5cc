import { DicomError } from '../dicom-error';
import type { DecodeOptions } from './codec';

/** Image geometry a wasm codec reports (the @cornerstonejs codecs' FrameInfo). */
export interface WasmFrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned?: boolean;
}

/** The decoder object the @cornerstonejs codecs expose through embind. */
export interface WasmDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  getFrameInfo(): WasmFrameInfo;
  decode(): void;
  getInterleaveMode?(): number;
  delete(): void;
}

type Factory = (moduleArg?: object) => Promise<unknown>;

// One instantiated module per codec; dropped after a failure because an aborted wasm instance is unusable.
const modules = new Map<string, Promise<Record<string, unknown>>>();

/**
 * Instantiates (once) the emscripten module `name` from its factory. In Node the module finds its `.wasm`
 * beside itself; in browsers `options.locateWasm` maps the file name to a URL.
 */
export function loadWasmModule(name: string, importFactory: () => Promise<{ default: Factory }>, options: DecodeOptions): Promise<Record<string, unknown>> {
  let module = modules.get(name);
  if (module === undefined) {
    module = importFactory().then(async (imported) => {
      const factory = (typeof imported.default === 'function' ? imported.default : (imported.default as { default: Factory }).default) as Factory;
      const locateFile = options.locateWasm === undefined ? undefined : (path: string) => options.locateWasm!(path);
      // Codec logging (OpenJPEG prints every header it reads) would flood the console; errors still throw.
      const quiet = { print: () => undefined, printErr: () => undefined };
      return (await factory(locateFile === undefined ? quiet : { ...quiet, locateFile })) as Record<string, unknown>;
    });
    modules.set(name, module);
    module.catch(() => modules.delete(name));
  }
  return module;
}

/** Forgets a codec module so that the next call instantiates a fresh one. */
export function resetWasmModule(name: string): void {
  modules.delete(name);
}

/**
 * Runs `decoderClass` of module `name` on `bytes`: copies them into wasm memory, decodes, and returns a copy
 * of the output with the reported frame info. The decoder is always deleted.
 */
export async function decodeWithWasm(
  name: string,
  decoderClass: string,
  importFactory: () => Promise<{ default: Factory }>,
  bytes: Uint8Array,
  options: DecodeOptions,
  configure?: (decoder: WasmDecoder) => void,
): Promise<{ info: WasmFrameInfo; output: Uint8Array; interleaveMode: number | undefined }> {
  const module = await loadWasmModule(name, importFactory, options);
  const Decoder = module[decoderClass] as (new () => WasmDecoder) | undefined;
  if (Decoder === undefined) throw new DicomError(`decodeFrame: expected ${name} to export ${decoderClass}, received a module without it`, 'DECODE_FAILED');
  let decoder: WasmDecoder | undefined;
  try {
    decoder = new Decoder();
    decoder.getEncodedBuffer(bytes.length).set(bytes);
    configure?.(decoder);
    decoder.decode();
    const info = decoder.getFrameInfo();
    const output = decoder.getDecodedBuffer().slice();
    return { info: { ...info }, output, interleaveMode: decoder.getInterleaveMode?.() };
  } catch (error) {
    resetWasmModule(name);
    throw error;
  } finally {
    try {
      decoder?.delete();
    } catch {
      // deleting after an abort fails too; the module is already dropped above
    }
  }
}

/** Throws unless the codec's output geometry is the one the DICOM header declares. */
export function expectGeometry(codec: string, info: WasmFrameInfo, rows: number, columns: number, samplesPerPixel: number): void {
  if (info.width !== columns || info.height !== rows || info.componentCount !== samplesPerPixel) {
    throw new DicomError(
      `decodeFrame: expected a ${columns}x${rows} ${codec} codestream with ${samplesPerPixel} component(s), received ${info.width}x${info.height} with ${info.componentCount}`,
      'DECODE_FAILED',
    );
  }
}

/** Re-packs samples of `bytesPerSample` bytes (little endian) into samples of `bitsAllocated` bits. */
export function widenSamples(bytes: Uint8Array, bytesPerSample: number, bitsAllocated: number, signed: boolean): Uint8Array {
  const targetBytes = bitsAllocated / 8;
  if (bytesPerSample === targetBytes) return bytes;
  const count = Math.floor(bytes.length / bytesPerSample);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const result = new Uint8Array(count * targetBytes);
  const out = new DataView(result.buffer);
  for (let index = 0; index < count; index++) {
    const value =
      bytesPerSample === 1 ? (signed ? view.getInt8(index) : view.getUint8(index)) : signed ? view.getInt16(2 * index, true) : view.getUint16(2 * index, true);
    if (targetBytes === 1) out.setUint8(index, value & 0xff);
    else if (targetBytes === 2) out.setUint16(2 * index, value & 0xffff, true);
    else out.setUint32(4 * index, value >>> 0, true);
  }
  return result;
}
