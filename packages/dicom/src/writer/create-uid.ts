import type { Random } from '@spinedx/core';

/**
 * Creates a UID of the `2.25.<decimal>` form (PS3.5 B.2): a random 128-bit UUID (version 4) written as one
 * decimal integer. Pass a seeded `Random` from @spinedx/core for reproducible UIDs; otherwise the platform's
 * crypto.getRandomValues is used.
 */
export function createUid(random?: Random): string {
  const words = new Uint32Array(4);
  if (random === undefined) crypto.getRandomValues(words);
  else for (let index = 0; index < 4; index++) words[index] = Math.floor(random.next() * 4294967296) >>> 0;
  // UUID version 4 and RFC 4122 variant bits, as a 2.25 UID derives from a UUID.
  words[1] = ((words[1]! & 0xffff0fff) | 0x00004000) >>> 0;
  words[2] = ((words[2]! & 0x3fffffff) | 0x80000000) >>> 0;
  let value = 0n;
  for (const word of words) value = (value << 32n) | BigInt(word);
  return `2.25.${value.toString()}`;
}
