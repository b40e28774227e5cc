import type { ModelEntry } from '../model-entry';
import { createEfficientNet } from './efficientnet';
import { efficientnetVariants } from './efficientnet-configs';

/** EfficientNet variants by timm id. */
export const efficientnetModels: Record<string, ModelEntry> = Object.fromEntries(
  Object.entries(efficientnetVariants).map(([name, variant]) => [name, { config: variant.config, create: (options) => createEfficientNet(name, variant, options) }]),
);
