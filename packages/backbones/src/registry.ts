import { InvalidArgumentError } from '@spinedx/core';
import type { Backbone } from './backbone';
import { efficientnetModels } from './efficientnet/efficientnet-models';
import type { CreateBackboneOptions, ModelEntry } from './model-entry';
import { mvitv2Models } from './mvitv2/mvitv2-models';
import type { PretrainedConfig } from './pretrained-config';
import { resnetModels } from './resnet/resnet-models';

const registry: Readonly<Record<string, ModelEntry>> = Object.freeze({ ...resnetModels, ...efficientnetModels, ...mvitv2Models });

/** Every backbone name `createBackbone` accepts (timm ids), sorted. */
export function listBackbones(): string[] {
  return Object.keys(registry).sort();
}

function entryFor(name: string, caller: string): ModelEntry {
  const entry = registry[name];
  if (entry === undefined) {
    throw new InvalidArgumentError(`${caller}: unknown backbone '${name}'; valid names: ${listBackbones().join(', ')}`, { code: 'UNKNOWN_BACKBONE' });
  }
  return entry;
}

/** The pretrained config of a variant (copied from timm), without building the model. */
export function getPretrainedConfig(name: string): PretrainedConfig {
  return entryFor(name, 'getPretrainedConfig').config;
}

/**
 * Builds a backbone by timm id with freshly initialised weights. Options are validated and defaults filled on a copy;
 * an unknown name throws an `InvalidArgumentError` listing the valid ones.
 */
export function createBackbone(name: string, options: CreateBackboneOptions = {}): Backbone {
  const entry = entryFor(name, 'createBackbone');
  const [channels, height, width] = entry.config.inputSize;
  const numClasses = options.numClasses ?? entry.config.numClasses;
  const inputShape = options.inputShape ?? ([height, width, channels] as const);
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new InvalidArgumentError(`createBackbone(${name}): numClasses must be a positive integer, received ${String(numClasses)}`);
  }
  const [inputHeight, inputWidth, inputChannels] = inputShape;
  if (![inputHeight, inputWidth].every((size) => Number.isInteger(size) && size >= 8) || ![1, 3].includes(inputChannels)) {
    throw new InvalidArgumentError(`createBackbone(${name}): inputShape must be [height >= 8, width >= 8, 1 | 3], received [${inputShape.join(', ')}]`);
  }
  return entry.create({ ...options, numClasses, inputShape: [inputHeight, inputWidth, inputChannels], seed: options.seed ?? 0 });
}
