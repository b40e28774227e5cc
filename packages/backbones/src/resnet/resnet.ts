import * as tf from '@tensorflow/tfjs-core';
import type { Backbone } from '../backbone';
import { createFunctionalBackbone } from '../functional-backbone';
import { convBatchNorm } from '../layers/conv-batch-norm';
import { maxPool2d } from '../layers/pooling';
import type { ModelEntry } from '../model-entry';
import { basicBlock, bottleneckBlock } from './resnet-blocks';
import type { ResNetVariant } from './resnet-configs';
import { blockExpansion, planResNetBlocks, resnetParameters, resnetStageWidths } from './resnet-parameters';

/** Builds a ResNet (timm `resnet.py` semantics and names) from its variant record. */
export function createResNet(name: string, variant: ResNetVariant, options: Parameters<ModelEntry['create']>[0]): Backbone {
  const plans = planResNetBlocks(variant);
  const block = variant.block === 'basic' ? basicBlock : bottleneckBlock;
  const dropPathRate = options.dropPathRate ?? 0;
  return createFunctionalBackbone({
    name,
    config: variant.config,
    numClasses: options.numClasses,
    inputShape: options.inputShape,
    numFeatures: resnetStageWidths[3] * blockExpansion(variant.block),
    declarations: resnetParameters(variant, options.inputShape[2], options.numClasses),
    seed: options.seed,
    dropRate: options.dropRate ?? variant.dropRate,
    features(input, parameters, context) {
      // Stem: 7x7/2 conv (padding 3) → BN → ReLU → 3x3/2 max pool (padding 1).
      let x = convBatchNorm(input, parameters, { conv: 'conv1', norm: 'bn1', stride: 2, padding: 3, activation: 'relu' }, context);
      x = maxPool2d(x, 3, 2, 1);
      // timm scales drop-path linearly with the block index over the whole network.
      plans.forEach((plan, index) => {
        x = block({ input: x, parameters, plan, context, dropPathRate: (dropPathRate * index) / Math.max(1, plans.length - 1) });
      });
      return x;
    },
  });
}
