import type { ModelEntry } from '../model-entry';

/** ResNet variants by timm id. */
export const resnetModels: Record<string, ModelEntry> = {};
