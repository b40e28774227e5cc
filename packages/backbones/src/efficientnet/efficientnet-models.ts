import type { ModelEntry } from '../model-entry';

/** EfficientNet variants by timm id. */
export const efficientnetModels: Record<string, ModelEntry> = {};
