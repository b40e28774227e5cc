/** Mixes integers into one 32-bit seed (murmur3 finaliser per step), so each epoch, batch and sample gets its own stream. */
export function mixSeed(...values: number[]): number {
  let hash = 0x12345678;
  for (const value of values) {
    hash = Math.imul(hash ^ (Math.trunc(value) >>> 0), 0x9e3779b1) >>> 0;
    hash ^= hash >>> 16;
    hash = Math.imul(hash, 0x85ebca6b) >>> 0;
    hash ^= hash >>> 13;
  }
  return hash >>> 0;
}
