import { DicomError } from '../dicom-error';
import { TransferSyntax } from '../transfer-syntax';
import { encodeRle } from './rle-encode';

/** Geometry of the frames handed to an encoder. */
export interface FrameGeometry {
  rows: number;
  columns: number;
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  signed: boolean;
}

interface WasmEncoder {
  getDecodedBuffer(info: { width: number; height: number; bitsPerSample: number; componentCount: number; isSigned: boolean; isUsingColorTransform?: boolean }): Uint8Array;
  getEncodedBuffer(): Uint8Array;
  encode(): void;
  setQuality?(lossless: boolean, quality: number): void;
  setNearLossless?(value: number): void;
  setInterleaveMode?(mode: number): void;
  setDecompositions?(levels: number): void;
  delete(): void;
}

type Factory = (moduleArg?: object) => Promise<unknown>;
const encoderModules = new Map<string, Promise<Record<string, unknown>>>();

function loadEncoderModule(name: string, importFactory: () => Promise<{ default: Factory }>): Promise<Record<string, unknown>> {
  let module = encoderModules.get(name);
  if (module === undefined) {
    module = importFactory().then(async (imported) => (await imported.default()) as Record<string, unknown>);
    encoderModules.set(name, module);
    module.catch(() => encoderModules.delete(name));
  }
  return module;
}

async function encodeWithWasm(name: string, encoderClass: string, importFactory: () => Promise<{ default: Factory }>, frame: Uint8Array, geometry: FrameGeometry, configure: (encoder: WasmEncoder) => void): Promise<Uint8Array> {
  const module = await loadEncoderModule(name, importFactory);
  const Encoder = module[encoderClass] as new () => WasmEncoder;
  const encoder = new Encoder();
  try {
    const input = encoder.getDecodedBuffer({
      width: geometry.columns,
      height: geometry.rows,
      bitsPerSample: geometry.bitsStored,
      componentCount: geometry.samplesPerPixel,
      isSigned: geometry.signed,
      isUsingColorTransform: false,
    });
    input.set(frame);
    configure(encoder);
    encoder.encode();
    return encoder.getEncodedBuffer().slice();
  } catch (error) {
    encoderModules.delete(name);
    throw new DicomError(`writeDicom: the ${name} encoder failed (${String(error instanceof Error ? error.message : error)})`, 'WRITE_FAILED', { cause: error });
  } finally {
    encoder.delete();
  }
}

// OpenJPEG rejects more wavelet levels than the smaller image side can halve into.
function decompositionLevels(geometry: FrameGeometry): number {
  return Math.max(0, Math.min(5, Math.floor(Math.log2(Math.min(geometry.rows, geometry.columns))) - 1));
}

/** Transfer syntaxes whose Pixel Data writeDicom encapsulates, each with a lossless encoder. */
export const encapsulatedWriteSyntaxes: readonly string[] = [TransferSyntax.RLELossless, TransferSyntax.JPEGLSLossless, TransferSyntax.JPEG2000Lossless, TransferSyntax.HTJ2KLossless];

/** Losslessly encodes one frame (little-endian interleaved samples) for `transferSyntaxUID`. */
export async function encodeFrame(transferSyntaxUID: string, frame: Uint8Array, geometry: FrameGeometry): Promise<Uint8Array> {
  switch (transferSyntaxUID) {
    case TransferSyntax.RLELossless:
      return encodeRle(frame, geometry.rows, geometry.columns, geometry.samplesPerPixel, geometry.bitsAllocated);
    case TransferSyntax.JPEGLSLossless:
      return encodeWithWasm('charls', 'JpegLSEncoder', () => import('@cornerstonejs/codec-charls/wasmjs'), frame, geometry, (encoder) => {
        encoder.setNearLossless?.(0);
        // Sample interleaving: our input is R,G,B,R,G,B (mode 0 would read it as planar).
        encoder.setInterleaveMode?.(geometry.samplesPerPixel > 1 ? 2 : 0);
      });
    case TransferSyntax.JPEG2000Lossless:
      return encodeWithWasm('openjpeg', 'J2KEncoder', () => import('@cornerstonejs/codec-openjpeg/wasmjs'), frame, geometry, (encoder) => {
        encoder.setQuality?.(true, 0);
        encoder.setDecompositions?.(decompositionLevels(geometry));
      });
    case TransferSyntax.HTJ2KLossless:
      return encodeWithWasm('openjph', 'HTJ2KEncoder', () => import('@cornerstonejs/codec-openjph/wasmjs'), frame, geometry, (encoder) => encoder.setQuality?.(true, 0));
    default:
      throw new DicomError(`writeDicom: expected one of ${encapsulatedWriteSyntaxes.join(', ')} for encapsulated output, received ${transferSyntaxUID}`, 'WRITE_FAILED');
  }
}
