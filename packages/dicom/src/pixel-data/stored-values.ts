/** A typed array of stored pixel values, as decodeFrame returns them. */
export type StoredPixelArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array;

/**
 * Copies `count` samples of `bitsAllocated` (8, 16 or 32) bits from `bytes` into a new typed array (signed when
 * `signed`), swapping from big endian when asked, then keeps only the BitsStored low bits: masked when unsigned,
 * sign-extended from bit BitsStored-1 when signed (PS3.5 8.1.1, as pydicom and DCMTK deliver them).
 */
export function toStoredValues(
  bytes: Uint8Array,
  count: number,
  bitsAllocated: number,
  bitsStored: number,
  signed: boolean,
  bigEndian = false,
): StoredPixelArray {
  const bytesPerSample = bitsAllocated / 8;
  const copy = new Uint8Array(count * bytesPerSample);
  copy.set(bytes.subarray(0, copy.length));
  if (bigEndian && bytesPerSample > 1) swapBytes(copy, bytesPerSample);
  const buffer = copy.buffer;
  const values: StoredPixelArray =
    bitsAllocated === 8
      ? signed
        ? new Int8Array(buffer)
        : copy
      : bitsAllocated === 16
        ? signed
          ? new Int16Array(buffer)
          : new Uint16Array(buffer)
        : signed
          ? new Int32Array(buffer)
          : new Uint32Array(buffer);
  if (bitsStored < bitsAllocated) keepStoredBits(values, bitsStored, signed);
  return values;
}

/** Reverses the byte order of every `size`-byte word of `bytes`, in place. */
export function swapBytes(bytes: Uint8Array, size: number): void {
  for (let offset = 0; offset + size <= bytes.length; offset += size) {
    for (let low = offset, high = offset + size - 1; low < high; low++, high--) {
      const byte = bytes[low]!;
      bytes[low] = bytes[high]!;
      bytes[high] = byte;
    }
  }
}

/** Masks (unsigned) or sign-extends (signed) every value to its `bitsStored` low bits, in place. */
export function keepStoredBits(values: StoredPixelArray, bitsStored: number, signed: boolean): void {
  if (bitsStored >= 32) return;
  if (signed) {
    const shift = 32 - bitsStored;
    for (let index = 0; index < values.length; index++) values[index] = (values[index]! << shift) >> shift;
  } else {
    const mask = bitsStored === 32 ? 0xffffffff : 2 ** bitsStored - 1;
    for (let index = 0; index < values.length; index++) values[index] = (values[index]! & mask) >>> 0;
  }
}

/** Unpacks BitsAllocated 1 data (LSB first, continuing across frames) from bit `firstBit` into one 0/1 per pixel. */
export function unpackBits(bytes: Uint8Array, firstBit: number, count: number): Uint8Array {
  const values = new Uint8Array(count);
  for (let index = 0; index < count; index++) {
    const bit = firstBit + index;
    values[index] = (bytes[bit >>> 3]! >>> (bit & 7)) & 1;
  }
  return values;
}
