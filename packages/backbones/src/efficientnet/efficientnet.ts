import type * as tf from '@tensorflow/tfjs-core';
import type { Backbone } from '../backbone';
import { createFunctionalBackbone } from '../functional-backbone';
import { convBatchNorm } from '../layers/conv-batch-norm';
import type { ModelEntry } from '../model-entry';
import { depthwiseSeparableBlock, invertedResidualBlock } from './efficientnet-blocks';
import type { EfficientNetVariant } from './efficientnet-configs';
import { efficientnetParameters, planEfficientNet } from './efficientnet-parameters';

/** Builds an EfficientNet (timm `efficientnet.py` semantics and names) from its variant record. */
export function createEfficientNet(name: string, variant: EfficientNetVariant, options: Parameters<ModelEntry['create']>[0]): Backbone {
  const plan = planEfficientNet(variant);
  const dropPathRate = options.dropPathRate ?? 0;
  return createFunctionalBackbone({
    name,
    config: variant.config,
    numClasses: options.numClasses,
    inputShape: options.inputShape,
    numFeatures: plan.headChannels,
    declarations: efficientnetParameters(plan, options.inputShape[2], options.numClasses),
    seed: options.seed,
    dropRate: options.dropRate ?? variant.dropRate,
    features(input, parameters, context) {
      // Stem: 3x3/2 conv (symmetric padding 1) → BN → SiLU.
      let x = convBatchNorm(input, parameters, { conv: 'conv_stem', norm: 'bn1', stride: 2, activation: 'silu' }, context);
      for (const block of plan.blocks) {
        const forward = block.type === 'ds' ? depthwiseSeparableBlock : invertedResidualBlock;
        // timm: drop_path_rate * block_idx / block_count.
        x = forward({ input: x, parameters, plan: block, context, dropPathRate: (dropPathRate * block.index) / plan.blocks.length });
      }
      // Head: 1x1 conv → BN → SiLU; this map is what global pooling reduces (the Grad-CAM target).
      return convBatchNorm(x, parameters, { conv: 'conv_head', norm: 'bn2', activation: 'silu' }, context);
    },
  });
}
