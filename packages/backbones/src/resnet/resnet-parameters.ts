import { batchNormParameters, convParameters, linearParameters, type ParameterDeclaration, type ParameterInit } from '../layers/parameter-declarations';
import type { ResNetVariant } from './resnet-configs';

/** Stage widths of `layer1`..`layer4` before the block expansion. */
export const resnetStageWidths = [64, 128, 256, 512] as const;

/** Output channels per input width of a block: 1 for BasicBlock, 4 for Bottleneck. */
export function blockExpansion(block: ResNetVariant['block']): number {
  return block === 'basic' ? 1 : 4;
}

/** One residual block's geometry, in forward order. */
export interface ResNetBlockPlan {
  /** timm prefix, e.g. `layer2.0`. */
  prefix: string;
  inChannels: number;
  width: number;
  outChannels: number;
  stride: number;
  hasDownsample: boolean;
}

/** The block list of a variant: `layerS.B`, first block of stages 2-4 strided, downsample where the shape changes. */
export function planResNetBlocks(variant: Pick<ResNetVariant, 'block' | 'depths'>): ResNetBlockPlan[] {
  const expansion = blockExpansion(variant.block);
  const plans: ResNetBlockPlan[] = [];
  let inChannels = 64;
  variant.depths.forEach((depth, stage) => {
    const width = resnetStageWidths[stage]!;
    for (let index = 0; index < depth; index++) {
      const stride = index === 0 && stage > 0 ? 2 : 1;
      const outChannels = width * expansion;
      plans.push({ prefix: `layer${stage + 1}.${index}`, inChannels, width, outChannels, stride, hasDownsample: stride !== 1 || inChannels !== outChannels });
      inChannels = outChannels;
    }
  });
  return plans;
}

// timm ResNet.init_weights: kaiming_normal_(mode='fan_out', nonlinearity='relu') on every conv.
const kaimingFanOut = (outChannels: number, kernelSize: number): ParameterInit => ({ kind: 'normal', std: Math.sqrt(2 / (outChannels * kernelSize * kernelSize)) });

/**
 * The state dict of a ResNet in timm order: `conv1`, `bn1`, each block (`conv1`/`bn1`, `conv2`/`bn2`, [`conv3`/`bn3`],
 * [`downsample.0`/`downsample.1`]), then `fc`. The last norm of each block starts at zero (timm's `zero_init_last`).
 */
export function resnetParameters(variant: Pick<ResNetVariant, 'block' | 'depths'>, inChannels: number, numClasses: number): ParameterDeclaration[] {
  const declarations: ParameterDeclaration[] = [
    ...convParameters('conv1', { inChannels, outChannels: 64, kernelSize: 7, init: kaimingFanOut(64, 7) }),
    ...batchNormParameters('bn1', 64),
  ];
  const isBasic = variant.block === 'basic';
  for (const plan of planResNetBlocks(variant)) {
    const { prefix, width, outChannels } = plan;
    if (isBasic) {
      declarations.push(
        ...convParameters(`${prefix}.conv1`, { inChannels: plan.inChannels, outChannels: width, kernelSize: 3, init: kaimingFanOut(width, 3) }),
        ...batchNormParameters(`${prefix}.bn1`, width),
        ...convParameters(`${prefix}.conv2`, { inChannels: width, outChannels, kernelSize: 3, init: kaimingFanOut(outChannels, 3) }),
        ...batchNormParameters(`${prefix}.bn2`, outChannels, { weightInit: 0 }),
      );
    } else {
      declarations.push(
        ...convParameters(`${prefix}.conv1`, { inChannels: plan.inChannels, outChannels: width, kernelSize: 1, init: kaimingFanOut(width, 1) }),
        ...batchNormParameters(`${prefix}.bn1`, width),
        ...convParameters(`${prefix}.conv2`, { inChannels: width, outChannels: width, kernelSize: 3, init: kaimingFanOut(width, 3) }),
        ...batchNormParameters(`${prefix}.bn2`, width),
        ...convParameters(`${prefix}.conv3`, { inChannels: width, outChannels, kernelSize: 1, init: kaimingFanOut(outChannels, 1) }),
        ...batchNormParameters(`${prefix}.bn3`, outChannels, { weightInit: 0 }),
      );
    }
    if (plan.hasDownsample) {
      declarations.push(
        ...convParameters(`${prefix}.downsample.0`, { inChannels: plan.inChannels, outChannels, kernelSize: 1, init: kaimingFanOut(outChannels, 1) }),
        ...batchNormParameters(`${prefix}.downsample.1`, outChannels),
      );
    }
  }
  const numFeatures = resnetStageWidths[3] * blockExpansion(variant.block);
  // nn.Linear's default init: U(-1/sqrt(in), 1/sqrt(in)) for weight and bias.
  const bound = 1 / Math.sqrt(numFeatures);
  declarations.push(...linearParameters('fc', { inFeatures: numFeatures, outFeatures: numClasses, init: { kind: 'uniform', bound }, biasInit: { kind: 'uniform', bound } }));
  return declarations;
}
