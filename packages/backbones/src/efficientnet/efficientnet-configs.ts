import type { PretrainedConfig } from '../pretrained-config';

/** An EfficientNet variant as data (timm `_gen_efficientnet`): width/depth multipliers over one block table. */
export interface EfficientNetVariant {
  channelMultiplier: number;
  depthMultiplier: number;
  /** Dropout before the classifier in training (timm's recommended training value for the variant). */
  dropRate: number;
  config: PretrainedConfig;
}

/** timm's EfficientNet `arch_def`: one block string per stage. */
export const efficientnetArchitecture = [
  'ds_r1_k3_s1_e1_c16_se0.25',
  'ir_r2_k3_s2_e6_c24_se0.25',
  'ir_r2_k5_s2_e6_c40_se0.25',
  'ir_r3_k3_s2_e6_c80_se0.25',
  'ir_r3_k5_s1_e6_c112_se0.25',
  'ir_r4_k5_s2_e6_c192_se0.25',
  'ir_r1_k3_s1_e6_c320_se0.25',
] as const;

/** Stem and head widths before the width multiplier. */
export const efficientnetStemChannels = 32;
export const efficientnetHeadChannels = 1280;

const base = {
  interpolation: 'bicubic' as const,
  mean: [0.485, 0.456, 0.406] as const,
  std: [0.229, 0.224, 0.225] as const,
  numClasses: 1000,
  firstConv: 'conv_stem',
  classifier: 'classifier',
};

/** EfficientNet variants by timm id; configs are timm's default tags (`ra_in1k`, `ra4_e3600_r240_in1k`, `ra_in1k`, `ra2_in1k`). */
export const efficientnetVariants = {
  efficientnet_b0: { channelMultiplier: 1.0, depthMultiplier: 1.0, dropRate: 0.2, config: { ...base, inputSize: [3, 224, 224] as const, cropPct: 0.875 } },
  efficientnet_b1: {
    channelMultiplier: 1.0,
    depthMultiplier: 1.1,
    dropRate: 0.2,
    // Default tag ra4_e3600_r240_in1k uses the Inception mean and std.
    config: { ...base, inputSize: [3, 240, 240] as const, cropPct: 0.9, mean: [0.5, 0.5, 0.5] as const, std: [0.5, 0.5, 0.5] as const },
  },
  efficientnet_b2: { channelMultiplier: 1.1, depthMultiplier: 1.2, dropRate: 0.3, config: { ...base, inputSize: [3, 256, 256] as const, cropPct: 1.0 } },
  efficientnet_b3: { channelMultiplier: 1.2, depthMultiplier: 1.4, dropRate: 0.3, config: { ...base, inputSize: [3, 288, 288] as const, cropPct: 1.0 } },
} as const satisfies Record<string, EfficientNetVariant>;

/** An EfficientNet id. */
export type EfficientNetName = keyof typeof efficientnetVariants;
