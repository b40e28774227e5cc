import type { Backbone } from './backbone';
import type { PretrainedConfig } from './pretrained-config';

/** Options of {@link createBackbone}; defaults come from the variant's pretrained config. */
export interface CreateBackboneOptions {
  /** Classifier width. Default: the pretrained config's (1000). */
  numClasses?: number;
  /** `[height, width, channels]`; channels 1 or 3. Default: the pretrained config's input size. */
  inputShape?: readonly [number, number, number];
  /** Seed of the initial weights (timm's init schemes, made deterministic). Default 0. */
  seed?: number;
  /** Dropout before the classifier in training mode. Default: the variant's. */
  dropRate?: number;
  /** Stochastic depth rate in training mode. Default 0. */
  dropPathRate?: number;
}

/** One registry entry: a variant's pretrained config and its factory. */
export interface ModelEntry {
  config: PretrainedConfig;
  create(options: Required<Pick<CreateBackboneOptions, 'numClasses' | 'inputShape' | 'seed'>> & CreateBackboneOptions): Backbone;
}
