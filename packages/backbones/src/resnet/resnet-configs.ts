import type { PretrainedConfig } from '../pretrained-config';

/** A ResNet variant as data (timm `resnet.py`: `block`, `layers`). */
export interface ResNetVariant {
  block: 'basic' | 'bottleneck';
  /** Blocks per stage (`layer1`..`layer4`). */
  depths: readonly [number, number, number, number];
  /** Dropout before `fc` in training (timm's `drop_rate`; 0 unless asked). */
  dropRate: number;
  config: PretrainedConfig;
}

const imagenetMean = [0.485, 0.456, 0.406] as const;
const imagenetStd = [0.229, 0.224, 0.225] as const;

/**
 * timm's default pretrained tag of each id is the ResNet Strikes Back recipe (`resnetNN.a1_in1k` / `a1h_in1k`,
 * `_rcfg`): bicubic, crop 0.95, 224 x 224 training size.
 */
const strikesBackConfig: PretrainedConfig = Object.freeze({
  inputSize: [3, 224, 224] as const,
  interpolation: 'bicubic' as const,
  cropPct: 0.95,
  mean: imagenetMean,
  std: imagenetStd,
  numClasses: 1000,
  firstConv: 'conv1',
  classifier: 'fc',
});

/** ResNet variants by timm id. */
export const resnetVariants = {
  resnet18: { block: 'basic', depths: [2, 2, 2, 2], dropRate: 0, config: strikesBackConfig },
  resnet34: { block: 'basic', depths: [3, 4, 6, 3], dropRate: 0, config: strikesBackConfig },
  resnet50: { block: 'bottleneck', depths: [3, 4, 6, 3], dropRate: 0, config: strikesBackConfig },
  resnet101: { block: 'bottleneck', depths: [3, 4, 23, 3], dropRate: 0, config: strikesBackConfig },
  resnet152: { block: 'bottleneck', depths: [3, 8, 36, 3], dropRate: 0, config: strikesBackConfig },
} as const satisfies Record<string, ResNetVariant>;

/** A ResNet id. */
export type ResNetName = keyof typeof resnetVariants;
