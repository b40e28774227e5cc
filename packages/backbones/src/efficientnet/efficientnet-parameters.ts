import { batchNormParameters, convParameters, linearParameters, type ParameterDeclaration, type ParameterInit } from '../layers/parameter-declarations';
import { decodeBlockString, makeDivisible, roundChannels, roundHalfEven, scaleStageDepth } from './block-strings';
import { efficientnetArchitecture, efficientnetHeadChannels, efficientnetStemChannels, type EfficientNetVariant } from './efficientnet-configs';

/** One block's geometry, in forward order. */
export interface EfficientNetBlockPlan {
  /** timm prefix, e.g. `blocks.1.0`. */
  prefix: string;
  type: 'ds' | 'ir';
  inChannels: number;
  /** Expanded width (`ir`) or `inChannels` (`ds`). */
  midChannels: number;
  outChannels: number;
  kernelSize: number;
  stride: number;
  seChannels: number;
  hasSkip: boolean;
  /** Block index over the whole network (for the drop-path schedule). */
  index: number;
}

/** Stem width, block list and head width of a variant (timm `EfficientNetBuilder`). */
export interface EfficientNetPlan {
  stemChannels: number;
  blocks: EfficientNetBlockPlan[];
  headChannels: number;
}

/** Resolves the block strings with the variant's width and depth multipliers. */
export function planEfficientNet(variant: Pick<EfficientNetVariant, 'channelMultiplier' | 'depthMultiplier'>): EfficientNetPlan {
  const stemChannels = roundChannels(efficientnetStemChannels, variant.channelMultiplier);
  const blocks: EfficientNetBlockPlan[] = [];
  let inChannels = stemChannels;
  efficientnetArchitecture.forEach((blockString, stage) => {
    const args = decodeBlockString(blockString);
    const repeats = scaleStageDepth(args.repeats, variant.depthMultiplier);
    const outChannels = roundChannels(args.outChannels, variant.channelMultiplier);
    for (let index = 0; index < repeats; index++) {
      const stride = index === 0 ? args.stride : 1;
      const midChannels = args.type === 'ir' ? makeDivisible(inChannels * args.expansion) : inChannels;
      // se_from_exp=False: the SE width comes from the block input, so the ratio is divided by the expansion.
      const seChannels = args.seRatio > 0 ? roundHalfEven(midChannels * (args.seRatio / args.expansion)) : 0;
      blocks.push({
        prefix: `blocks.${stage}.${index}`,
        type: args.type,
        inChannels,
        midChannels,
        outChannels,
        kernelSize: args.kernelSize,
        stride,
        seChannels,
        hasSkip: stride === 1 && inChannels === outChannels,
        index: blocks.length,
      });
      inChannels = outChannels;
    }
  });
  return { stemChannels, blocks, headChannels: roundChannels(efficientnetHeadChannels, variant.channelMultiplier) };
}

// timm _init_weight_goog: conv weights N(0, sqrt(2 / fan_out)), fan_out = k * k * out / groups.
const googConv = (outChannels: number, kernelSize: number, groups = 1): ParameterInit => ({
  kind: 'normal',
  std: Math.sqrt(2 / Math.floor((kernelSize * kernelSize * outChannels) / groups)),
});

function blockParameters(block: EfficientNetBlockPlan): ParameterDeclaration[] {
  const { prefix, inChannels, midChannels, outChannels, kernelSize, seChannels } = block;
  const depthwise = (norm: string) => [
    ...convParameters(`${prefix}.conv_dw`, { inChannels: midChannels, outChannels: midChannels, kernelSize, depthwise: true, init: googConv(midChannels, kernelSize, midChannels) }),
    ...batchNormParameters(`${prefix}.${norm}`, midChannels),
  ];
  const squeeze =
    seChannels > 0
      ? [
          ...convParameters(`${prefix}.se.conv_reduce`, { inChannels: midChannels, outChannels: seChannels, kernelSize: 1, bias: true, init: googConv(seChannels, 1) }),
          ...convParameters(`${prefix}.se.conv_expand`, { inChannels: seChannels, outChannels: midChannels, kernelSize: 1, bias: true, init: googConv(midChannels, 1) }),
        ]
      : [];
  if (block.type === 'ds') {
    return [
      ...depthwise('bn1'),
      ...squeeze,
      ...convParameters(`${prefix}.conv_pw`, { inChannels: midChannels, outChannels, kernelSize: 1, init: googConv(outChannels, 1) }),
      ...batchNormParameters(`${prefix}.bn2`, outChannels),
    ];
  }
  return [
    ...convParameters(`${prefix}.conv_pw`, { inChannels, outChannels: midChannels, kernelSize: 1, init: googConv(midChannels, 1) }),
    ...batchNormParameters(`${prefix}.bn1`, midChannels),
    ...depthwise('bn2'),
    ...squeeze,
    ...convParameters(`${prefix}.conv_pwl`, { inChannels: midChannels, outChannels, kernelSize: 1, init: googConv(outChannels, 1) }),
    ...batchNormParameters(`${prefix}.bn3`, outChannels),
  ];
}

/** The state dict of an EfficientNet in timm order: stem, blocks, `conv_head`/`bn2`, `classifier`. */
export function efficientnetParameters(plan: EfficientNetPlan, inChannels: number, numClasses: number): ParameterDeclaration[] {
  // Linear: U(-1/sqrt(fan_out), 1/sqrt(fan_out)) with fan_out = number of classes, zero bias (_init_weight_goog).
  const bound = 1 / Math.sqrt(numClasses);
  return [
    ...convParameters('conv_stem', { inChannels, outChannels: plan.stemChannels, kernelSize: 3, init: googConv(plan.stemChannels, 3) }),
    ...batchNormParameters('bn1', plan.stemChannels),
    ...plan.blocks.flatMap(blockParameters),
    ...convParameters('conv_head', { inChannels: plan.blocks.at(-1)!.outChannels, outChannels: plan.headChannels, kernelSize: 1, init: googConv(plan.headChannels, 1) }),
    ...batchNormParameters('bn2', plan.headChannels),
    ...linearParameters('classifier', { inFeatures: plan.headChannels, outFeatures: numClasses, init: { kind: 'uniform', bound } }),
  ];
}
