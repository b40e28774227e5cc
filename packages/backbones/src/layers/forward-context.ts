import { createRandom, type Random } from '@spinedx/core';

/** What a layer needs to know about the current forward pass. */
export interface ForwardContext {
  /** Training mode: batch statistics, running-statistics updates, dropout and drop-path. */
  training: boolean;
  /** Seed for the next random mask (dropout, drop-path), so training runs repeat exactly for a given seed. */
  nextSeed(): number;
}

/** A context whose mask seeds come from a seeded generator. */
export function createForwardContext(training: boolean, random: Random = createRandom(0)): ForwardContext {
  return { training, nextSeed: () => random.integer(0, 2 ** 31 - 1) };
}
