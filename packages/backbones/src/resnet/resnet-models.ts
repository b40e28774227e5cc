import type { ModelEntry } from '../model-entry';
import { createResNet } from './resnet';
import { resnetVariants } from './resnet-configs';

/** ResNet variants by timm id. */
export const resnetModels: Record<string, ModelEntry> = Object.fromEntries(
  Object.entries(resnetVariants).map(([name, variant]) => [name, { config: variant.config, create: (options) => createResNet(name, variant, options) }]),
);
