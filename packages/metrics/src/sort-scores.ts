// Least-significant-digit radix sort of doubles: four 16-bit passes over order-preserving 64-bit keys. On 10^6
// scores it is several times faster than Float64Array.prototype.sort, and AUC/DeLong time is mostly sorting.

const radixThreshold = 4096;
const isLittleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Sorts finite doubles ascending in place (−0 before +0, as the native typed-array sort) and returns them. */
export function sortScores(values: Float64Array): Float64Array {
  const count = values.length;
  if (count < radixThreshold || !isLittleEndian) return values.sort();
  const words = new Uint32Array(values.buffer, values.byteOffset, count * 2);
  let low = new Uint32Array(count);
  let high = new Uint32Array(count);
  // Order-preserving keys: flip every bit of negatives, only the sign bit of positives.
  for (let index = 0; index < count; index++) {
    const highWord = words[2 * index + 1]!;
    if (highWord & 0x80000000) {
      low[index] = ~words[2 * index]! >>> 0;
      high[index] = ~highWord >>> 0;
    } else {
      low[index] = words[2 * index]!;
      high[index] = (highWord | 0x80000000) >>> 0;
    }
  }
  let nextLow = new Uint32Array(count);
  let nextHigh = new Uint32Array(count);
  const buckets = new Uint32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const shift = (pass % 2) * 16;
    const digits = pass < 2 ? low : high;
    buckets.fill(0);
    for (let index = 0; index < count; index++) buckets[(digits[index]! >>> shift) & 0xffff]! += 1;
    // A digit that is the same for every key (common in the exponent bits) needs no pass.
    if (buckets[(digits[0]! >>> shift) & 0xffff] === count) continue;
    let offset = 0;
    for (let bucket = 0; bucket < 65536; bucket++) {
      const size = buckets[bucket]!;
      buckets[bucket] = offset;
      offset += size;
    }
    for (let index = 0; index < count; index++) {
      const position = buckets[(digits[index]! >>> shift) & 0xffff]!++;
      nextLow[position] = low[index]!;
      nextHigh[position] = high[index]!;
    }
    [low, nextLow] = [nextLow, low];
    [high, nextHigh] = [nextHigh, high];
  }
  for (let index = 0; index < count; index++) {
    const highKey = high[index]!;
    if (highKey & 0x80000000) {
      words[2 * index] = low[index]!;
      words[2 * index + 1] = highKey & 0x7fffffff;
    } else {
      words[2 * index] = ~low[index]! >>> 0;
      words[2 * index + 1] = ~highKey >>> 0;
    }
  }
  return values;
}
