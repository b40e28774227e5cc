import { createRandom, type Random } from '@spinedx/core';
import type { FoldedConvolutionCache } from './folded-convolutions';

/** What a layer needs to know about the current forward pass. */
export interface ForwardContext {
  /** Training mode: batch statistics, running-statistics updates, dropout and drop-path. */
  training: boolean;
  /** Seed for the next random mask (dropout, drop-path), so training runs repeat exactly for a given seed. */
  nextSeed(): number;
  /**
   * The backbone's folded conv + batch-norm weights, used by evaluation passes; absent, layers run unfused
   * (the reference path).
   */
  foldedConvolutions?: FoldedConvolutionCache;
}

/** A context whose mask seeds come from a seeded generator, optionally with a backbone's folded-convolution cache. */
export function createForwardContext(training: boolean, random: Random = createRandom(0), foldedConvolutions?: FoldedConvolutionCache): ForwardContext {
  const context: ForwardContext = { training, nextSeed: () => random.integer(0, 2 ** 31 - 1) };
  if (foldedConvolutions !== undefined) context.foldedConvolutions = foldedConvolutions;
  return context;
}
