import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Random } from '@spinedx/core';

/** The valid corpus files the fuzzer mutates. */
export function readSeedFiles(corpusDirectory: string): { name: string; bytes: Uint8Array }[] {
  const folder = join(corpusDirectory, 'valid');
  return readdirSync(folder)
    .filter((name) => name.endsWith('.dcm'))
    .sort()
    .map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(folder, name))) }));
}

/** Mutation kinds: each models a way real files break. */
export const mutationKinds = ['truncate', 'flip-bytes', 'length-field', 'random-bytes', 'splice', 'zero-run'] as const;

/**
 * A mutated copy of `seed`: truncation at any offset, flipped bytes, a 16/32-bit field overwritten with an
 * extreme length (0, odd, 0xFFFF, 0xFFFFFFFF, just past the end), pure random bytes, a duplicated/removed span,
 * or a zeroed run. Deterministic for a given Random.
 */
export function mutate(seed: Uint8Array, random: Random): { kind: (typeof mutationKinds)[number]; bytes: Uint8Array } {
  const kind = mutationKinds[random.integer(0, mutationKinds.length - 1)]!;
  const bytes = seed.slice();
  // Most of a file's structure sits in its first kilobytes; bias offsets there half of the time.
  const offset = (): number => (random.next() < 0.5 ? random.integer(0, Math.min(bytes.length - 1, 2048)) : random.integer(0, bytes.length - 1));
  switch (kind) {
    case 'truncate':
      return { kind, bytes: bytes.subarray(0, random.integer(0, bytes.length - 1)) };
    case 'flip-bytes': {
      const count = random.integer(1, 8);
      for (let index = 0; index < count; index++) bytes[offset()] = random.integer(0, 255);
      return { kind, bytes };
    }
    case 'length-field': {
      const at = Math.min(offset(), bytes.length - 4);
      const values = [0, 1, 0xffff, 0xffffffff, bytes.length - at + 2, random.integer(0, 0xffffffff)];
      const value = values[random.integer(0, values.length - 1)]!;
      const view = new DataView(bytes.buffer);
      if (random.next() < 0.5) view.setUint16(Math.max(0, at), value & 0xffff, true);
      else view.setUint32(Math.max(0, at), value >>> 0, true);
      return { kind, bytes };
    }
    case 'random-bytes': {
      const result = new Uint8Array(random.integer(0, 4096));
      for (let index = 0; index < result.length; index++) result[index] = random.integer(0, 255);
      if (random.next() < 0.5 && result.length >= 132) result.set([0x44, 0x49, 0x43, 0x4d], 128);
      return { kind, bytes: result };
    }
    case 'splice': {
      const start = offset();
      const length = random.integer(1, 256);
      const removed = random.next() < 0.5;
      const middle = removed ? new Uint8Array(0) : bytes.subarray(start, start + length);
      const result = new Uint8Array([...bytes.subarray(0, start), ...middle, ...bytes.subarray(removed ? start + length : start)]);
      return { kind, bytes: result };
    }
    case 'zero-run': {
      const start = offset();
      bytes.fill(0, start, start + random.integer(1, 64));
      return { kind, bytes };
    }
  }
}
