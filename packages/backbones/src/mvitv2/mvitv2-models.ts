import type { ModelEntry } from '../model-entry';

/** MViTv2 variants by timm id. */
export const mvitv2Models: Record<string, ModelEntry> = {};
