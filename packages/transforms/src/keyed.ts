import { createRandom, InvalidArgumentError, type ImageArray, type Random } from '@spinedx/core';
import type { Transform } from './compose';

/** A record holding images under some keys (e.g. `{ image, mask }`) plus any other fields. */
export type KeyedRecord<K extends string> = { [key in K]: ImageArray } & Record<string, unknown>;

function checkKeys<K extends string>(caller: string, record: KeyedRecord<K>, keys: readonly K[]): void {
  for (const key of keys) {
    if (record[key] === undefined) throw new InvalidArgumentError(`${caller}: record has no image under key '${key}', received keys ${Object.keys(record).join(', ')}`, { code: 'MISSING_KEY' });
  }
}

/**
 * Lifts any transform to records: applies it to each listed key and copies the other fields. One wrapper
 * for every transform instead of a dictionary variant of each.
 */
export function keyed<K extends string>(keys: readonly K[], transform: Transform): <R extends KeyedRecord<K>>(record: R) => R {
  return (record) => {
    checkKeys('keyed', record, keys);
    const result: Record<string, unknown> = { ...record };
    for (const key of keys) result[key] = transform(record[key]);
    return result as typeof record;
  };
}

/**
 * Lifts a random transform to records so every key gets the same random draws (an image and its mask get
 * the same rotation and crop). Per call, one seed is drawn from `random` and each key's transform is built
 * from a fresh generator with that seed. Augmentations draw their parameters before reading pixels, so
 * keys of different channel counts still line up; per-pixel noise should not be applied to masks.
 */
export function keyedRandom<K extends string>(
  keys: readonly K[],
  create: (random: Random) => Transform,
  random: Random,
): <R extends KeyedRecord<K>>(record: R) => R {
  return (record) => {
    checkKeys('keyedRandom', record, keys);
    const seed = random.integer(0, 0xffffffff);
    const result: Record<string, unknown> = { ...record };
    for (const key of keys) result[key] = create(createRandom(seed))(record[key]);
    return result as typeof record;
  };
}
