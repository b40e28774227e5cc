import type { ModelEntry } from '../model-entry';
import { mvitv2Configs, mvitv2PretrainedConfigs, type Mvitv2Name } from './mvitv2-configs';
import { createMvitv2 } from './mvitv2';

function entry(name: Mvitv2Name): ModelEntry {
  const config = mvitv2PretrainedConfigs[name];
  return { config, create: (options) => createMvitv2(name, mvitv2Configs[name], config, options) };
}

/**
 * MViTv2 variants in the registry, by timm id: the two the paper's experiments can afford to train (tiny, small).
 * The larger ones (`mvitv2_base`, `mvitv2_large`, the `_cls` variants) are config records in `mvitv2Configs`,
 * buildable with {@link createMvitv2} directly.
 */
export const mvitv2Models: Record<string, ModelEntry> = {
  mvitv2_tiny: entry('mvitv2_tiny'),
  mvitv2_small: entry('mvitv2_small'),
};
