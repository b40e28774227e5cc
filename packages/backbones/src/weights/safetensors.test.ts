import { describe, expect, it } from 'vitest';
import { readSafetensors, writeSafetensors } from './safetensors';
import { SafetensorsError } from './weight-errors';

/** A safetensors file from a literal header and data bytes (the format: u64 LE header length, JSON, data). */
function fileFrom(header: unknown, data: number[] = [], headerText = JSON.stringify(header)): Uint8Array {
  const headerBytes = new TextEncoder().encode(headerText);
  const bytes = new Uint8Array(8 + headerBytes.length + data.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  bytes.set(headerBytes, 8);
  bytes.set(data, 8 + headerBytes.length);
  return bytes;
}

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SafetensorsError);
    return (error as SafetensorsError).code;
  }
  return undefined;
};

describe('writeSafetensors', () => {
  it('should round-trip names, order, shapes, values and metadata through readSafetensors', () => {
    const tensors = new Map([
      ['b.weight', { shape: [2, 3], data: Float32Array.from([1, -2, 3.5, 0, 1e-8, -7]) }],
      ['a.bias', { shape: [1], data: Float32Array.from([42]) }],
    ]);
    const bytes = writeSafetensors(tensors, { format: 'pt' });
    const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength)));
    const back = readSafetensors(bytes);
    expect([headerLength % 8, header.__metadata__, header['a.bias'], [...back.keys()], back.get('b.weight')]).toEqual([
      0,
      { format: 'pt' },
      { dtype: 'F32', shape: [1], data_offsets: [24, 28] },
      ['b.weight', 'a.bias'],
      { shape: [2, 3], data: Float32Array.from([1, -2, 3.5, 0, 1e-8, -7]) },
    ]);
  });

  it('should reject data whose length does not match the shape', () => {
    expect(() => writeSafetensors(new Map([['x', { shape: [2, 2], data: new Float32Array(3) }]]))).toThrow(/'x' has 3 values but shape \[2, 2\]/);
  });
});

describe('readSafetensors', () => {
  it('should convert F16 (normal, subnormal, infinite, signed zero) to float32', () => {
    const halves = [0x3c00, 0xc000, 0x7bff, 0x0001, 0x7c00, 0x8000, 0x3555];
    const data = halves.flatMap((half) => [half & 0xff, half >> 8]);
    const tensor = readSafetensors(fileFrom({ h: { dtype: 'F16', shape: [7], data_offsets: [0, 14] } }, data)).get('h')!;
    expect(Array.from(tensor.data)).toEqual([1, -2, 65504, 2 ** -24, Infinity, -0, Math.fround(0.333251953125)]);
  });

  it('should convert BF16 to float32 by widening the upper 16 bits', () => {
    const words = [0x3f80, 0xc049, 0x4780];
    const data = words.flatMap((word) => [word & 0xff, word >> 8]);
    const tensor = readSafetensors(fileFrom({ b: { dtype: 'BF16', shape: [3, 1], data_offsets: [0, 6] } }, data)).get('b')!;
    expect([tensor.shape, Array.from(tensor.data)]).toEqual([[3, 1], [1, -3.140625, 65536]]);
  });

  it('should read tensors from an unaligned view into a larger buffer', () => {
    const inner = writeSafetensors(new Map([['x', { shape: [2], data: Float32Array.from([0.5, -1.25]) }]]));
    const outer = new Uint8Array(inner.length + 3);
    outer.set(inner, 3);
    expect(Array.from(readSafetensors(outer.subarray(3)).get('x')!.data)).toEqual([0.5, -1.25]);
  });

  it.each([
    ['a file shorter than 8 bytes', new Uint8Array(5), 'TRUNCATED'],
    ['a header length past the end', fileFrom({}).subarray(0, 9), 'TRUNCATED'],
    ['a header that is not JSON', fileFrom(null, [], '{"x": '), 'INVALID_SAFETENSORS'],
    ['a header that is a JSON array', fileFrom([1, 2]), 'INVALID_SAFETENSORS'],
    ['an unsupported dtype', fileFrom({ x: { dtype: 'I64', shape: [1], data_offsets: [0, 8] } }, new Array(8).fill(0)), 'UNSUPPORTED_DTYPE'],
    ['a negative dimension', fileFrom({ x: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, [0, 0, 0, 0]), 'INVALID_SAFETENSORS'],
    ['offsets past the data section', fileFrom({ x: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, [0, 0, 0, 0]), 'TRUNCATED'],
    ['offsets that disagree with the shape', fileFrom({ x: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }, [0, 0, 0, 0, 0, 0, 0, 0]), 'TRUNCATED'],
    ['reversed offsets', fileFrom({ x: { dtype: 'F32', shape: [0], data_offsets: [4, 0] } }, [0, 0, 0, 0]), 'TRUNCATED'],
    ['missing offsets', fileFrom({ x: { dtype: 'F32', shape: [1] } }, [0, 0, 0, 0]), 'INVALID_SAFETENSORS'],
  ])('should throw a SafetensorsError for %s', (_, bytes, code) => {
    expect(codeOf(() => readSafetensors(bytes))).toBe(code);
  });
});
