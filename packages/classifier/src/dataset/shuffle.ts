import { createRandom } from '@spinedx/core';

/** Fisher-Yates shuffle in place with a seeded generator: the same seed gives the same order everywhere. */
export function shuffleInPlace<T>(items: T[], seed: number): T[] {
  const random = createRandom(seed);
  for (let index = items.length - 1; index > 0; index--) {
    const other = random.integer(0, index);
    [items[index], items[other]] = [items[other]!, items[index]!];
  }
  return items;
}
