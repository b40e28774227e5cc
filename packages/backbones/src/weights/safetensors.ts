import { SafetensorsError } from './weight-errors';
import type { StateDictTensor } from './parameter-spec';

const supportedDtypes = { F32: 4, F16: 2, BF16: 2 } as const;
type SupportedDtype = keyof typeof supportedDtypes;

/**
 * Reads a `.safetensors` file: an 8-byte little-endian header length, a JSON header, then raw little-endian data.
 * F32, F16 and BF16 tensors are returned as float32 in their stored (PyTorch) layout. Every offset is checked against
 * the buffer, so a truncated or hostile file throws a `SafetensorsError` and never reads out of bounds.
 */
export function readSafetensors(bytes: Uint8Array): Map<string, StateDictTensor> {
  if (bytes.length < 8) throw new SafetensorsError(`readSafetensors: file has ${bytes.length} bytes, fewer than the 8-byte header length`, 'TRUNCATED');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(bytes.length - 8)) {
    throw new SafetensorsError(`readSafetensors: header length ${headerLength} exceeds the ${bytes.length - 8} bytes after it`, 'TRUNCATED');
  }
  const headerEnd = 8 + Number(headerLength);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, headerEnd))) as Record<string, unknown>;
  } catch (error) {
    throw new SafetensorsError(`readSafetensors: header is not valid UTF-8 JSON (${(error as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) throw new SafetensorsError('readSafetensors: header is not a JSON object');
  const dataLength = bytes.length - headerEnd;
  const tensors = new Map<string, StateDictTensor>();
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const { dtype, shape, data_offsets: offsets } = (entry ?? {}) as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof dtype !== 'string' || !(dtype in supportedDtypes)) {
      throw new SafetensorsError(`readSafetensors: tensor '${name}' has dtype ${String(dtype)}; supported: F32, F16, BF16`, 'UNSUPPORTED_DTYPE');
    }
    if (!Array.isArray(shape) || !shape.every((size) => Number.isInteger(size) && size >= 0)) {
      throw new SafetensorsError(`readSafetensors: tensor '${name}' has an invalid shape ${JSON.stringify(shape)}`);
    }
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((offset) => Number.isInteger(offset) && offset >= 0)) {
      throw new SafetensorsError(`readSafetensors: tensor '${name}' has invalid data_offsets ${JSON.stringify(offsets)}`);
    }
    const [begin, end] = offsets as [number, number];
    const elementSize = supportedDtypes[dtype as SupportedDtype];
    const count = (shape as number[]).reduce((product, size) => product * size, 1);
    if (end < begin || end > dataLength || end - begin !== count * elementSize) {
      throw new SafetensorsError(
        `readSafetensors: tensor '${name}' spans bytes [${begin}, ${end}) but needs ${count * elementSize} bytes inside a ${dataLength}-byte data section`,
        'TRUNCATED',
      );
    }
    tensors.set(name, { shape: shape as number[], data: decode(bytes, headerEnd + begin, count, dtype as SupportedDtype) });
  }
  return tensors;
}

function decode(bytes: Uint8Array, start: number, count: number, dtype: SupportedDtype): Float32Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, count * supportedDtypes[dtype]);
  const out = new Float32Array(count);
  if (dtype === 'F32') {
    for (let index = 0; index < count; index++) out[index] = view.getFloat32(index * 4, true);
  } else if (dtype === 'BF16') {
    const word = new DataView(new ArrayBuffer(4));
    for (let index = 0; index < count; index++) {
      word.setUint32(0, view.getUint16(index * 2, true) << 16);
      out[index] = word.getFloat32(0);
    }
  } else {
    for (let index = 0; index < count; index++) out[index] = halfToFloat(view.getUint16(index * 2, true));
  }
  return out;
}

function halfToFloat(half: number): number {
  const sign = half & 0x8000 ? -1 : 1;
  const exponent = (half >> 10) & 0x1f;
  const fraction = half & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : Number.NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/**
 * Writes float32 tensors (PyTorch layout) as a `.safetensors` file that `safetensors.torch.load_file` reads.
 * Tensors are stored in the given order; `metadata` goes into `__metadata__` (string values only, as the format requires).
 */
export function writeSafetensors(tensors: ReadonlyMap<string, StateDictTensor>, metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, tensor] of tensors) {
    const count = tensor.shape.reduce((product, size) => product * size, 1);
    if (count !== tensor.data.length) {
      throw new SafetensorsError(`writeSafetensors: tensor '${name}' has ${tensor.data.length} values but shape [${tensor.shape.join(', ')}]`, 'SHAPE_MISMATCH');
    }
    header[name] = { dtype: 'F32', shape: [...tensor.shape], data_offsets: [offset, offset + count * 4] };
    offset += count * 4;
  }
  let headerBytes = new TextEncoder().encode(JSON.stringify(header));
  // Pad the header with spaces to a multiple of 8 so the data section stays aligned, as the reference writer does.
  const padded = Math.ceil(headerBytes.length / 8) * 8;
  if (padded !== headerBytes.length) {
    const withPadding = new Uint8Array(padded).fill(0x20);
    withPadding.set(headerBytes);
    headerBytes = withPadding;
  }
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let position = 8 + headerBytes.length;
  for (const tensor of tensors.values()) {
    for (let index = 0; index < tensor.data.length; index++) view.setFloat32(position + index * 4, tensor.data[index]!, true);
    position += tensor.data.length * 4;
  }
  return out;
}
