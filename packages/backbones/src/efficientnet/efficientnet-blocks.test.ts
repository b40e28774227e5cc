import * as tf from '@tensorflow/tfjs';
import { createRandom } from '@spinedx/core';
import { describe, expect, it } from 'vitest';
import { blockInput, blockWeights, runNchw } from '../../test/block-weights';
import { addReference, batchNormReference, conv2dReference, maxAbsDifference, siluReference, squeezeExciteReference, type Nchw } from '../../test/reference-ops';
import { createFoldedConvolutionCache } from '../layers/folded-convolutions';
import { createForwardContext } from '../layers/forward-context';
import { batchNormParameters, convParameters, type ParameterDeclaration } from '../layers/parameter-declarations';
import { depthwiseSeparableBlock, invertedResidualBlock } from './efficientnet-blocks';
import type { EfficientNetBlockPlan } from './efficientnet-parameters';

const init = { kind: 'constant', value: 0 } as const;
const seed = 33;

function declarationsOf(plan: EfficientNetBlockPlan): ParameterDeclaration[] {
  const { prefix, inChannels, midChannels, outChannels, kernelSize, seChannels } = plan;
  const depthwise = (norm: string) => [
    ...convParameters(`${prefix}.conv_dw`, { inChannels: midChannels, outChannels: midChannels, kernelSize, depthwise: true, init }),
    ...batchNormParameters(`${prefix}.${norm}`, midChannels),
  ];
  const squeeze = [
    ...convParameters(`${prefix}.se.conv_reduce`, { inChannels: midChannels, outChannels: seChannels, kernelSize: 1, bias: true, init }),
    ...convParameters(`${prefix}.se.conv_expand`, { inChannels: seChannels, outChannels: midChannels, kernelSize: 1, bias: true, init }),
  ];
  if (plan.type === 'ds') return [...depthwise('bn1'), ...squeeze, ...convParameters(`${prefix}.conv_pw`, { inChannels, outChannels, kernelSize: 1, init }), ...batchNormParameters(`${prefix}.bn2`, outChannels)];
  return [
    ...convParameters(`${prefix}.conv_pw`, { inChannels, outChannels: midChannels, kernelSize: 1, init }),
    ...batchNormParameters(`${prefix}.bn1`, midChannels),
    ...depthwise('bn2'),
    ...squeeze,
    ...convParameters(`${prefix}.conv_pwl`, { inChannels: midChannels, outChannels, kernelSize: 1, init }),
    ...batchNormParameters(`${prefix}.bn3`, outChannels),
  ];
}

// timm _efficientnet_blocks.py DepthwiseSeparableConv / InvertedResidual written out with the direct reference ops.
function referenceBlock(input: Nchw, plan: EfficientNetBlockPlan, pytorch: ReturnType<typeof blockWeights>['pytorch']): Nchw {
  const p = plan.prefix;
  const bn = (x: Nchw, name: string) =>
    batchNormReference(x, { weight: pytorch(`${p}.${name}.weight`), bias: pytorch(`${p}.${name}.bias`), mean: pytorch(`${p}.${name}.running_mean`), variance: pytorch(`${p}.${name}.running_var`) });
  const pointwise = (x: Nchw, name: string) => conv2dReference(x, pytorch(`${p}.${name}.weight`), { padding: 0 });
  const depthwise = (x: Nchw) => conv2dReference(x, pytorch(`${p}.conv_dw.weight`), { stride: plan.stride, padding: Math.floor(plan.kernelSize / 2), groups: plan.midChannels });
  const se = (x: Nchw) => squeezeExciteReference(x, pytorch(`${p}.se.conv_reduce.weight`), pytorch(`${p}.se.conv_reduce.bias`), pytorch(`${p}.se.conv_expand.weight`), pytorch(`${p}.se.conv_expand.bias`));
  let x: Nchw;
  if (plan.type === 'ds') {
    x = se(siluReference(bn(depthwise(input), 'bn1')));
    x = bn(pointwise(x, 'conv_pw'), 'bn2');
  } else {
    x = siluReference(bn(pointwise(input, 'conv_pw'), 'bn1'));
    x = se(siluReference(bn(depthwise(x), 'bn2')));
    x = bn(pointwise(x, 'conv_pwl'), 'bn3');
  }
  return plan.hasSkip ? addReference(x, input) : x;
}

const plan = (overrides: Partial<EfficientNetBlockPlan>): EfficientNetBlockPlan => ({
  prefix: 'blocks.1.0', type: 'ir', inChannels: 8, midChannels: 24, outChannels: 12, kernelSize: 5, stride: 2, seChannels: 2, hasSkip: false, index: 0, ...overrides,
});

describe.each([
  ['depthwiseSeparableBlock', depthwiseSeparableBlock, 'ds'],
  ['invertedResidualBlock', invertedResidualBlock, 'ir'],
] as const)('%s', (_, block, type) => {
  it.each<[string, EfficientNetBlockPlan, [number, number, number, number]]>([
    ['stride 2, 5x5, no skip, odd size', plan({ type, midChannels: type === 'ds' ? 8 : 24, outChannels: 12 }), [2, 11, 9, 8]],
    ['stride 1, 3x3, skip', plan({ type, midChannels: type === 'ds' ? 8 : 32, outChannels: 8, kernelSize: 3, stride: 1, hasSkip: true }), [1, 6, 7, 8]],
  ])('should match timm for %s, unfused and with folded batch norms', (_, blockPlan, shape) => {
    const weights = blockWeights(declarationsOf(blockPlan), seed);
    const input = blockInput(shape, seed);
    const cache = createFoldedConvolutionCache();
    const want = referenceBlock(input.nchw, blockPlan, weights.pytorch);
    for (const context of [createForwardContext(false), createForwardContext(false, createRandom(0), cache)]) {
      const got = runNchw(() => block({ input: input.tensor, parameters: weights.parameters, plan: blockPlan, context, dropPathRate: 0.5 }));
      expect(got.shape).toEqual(want.shape);
      expect(maxAbsDifference(got.data, want.data)).toBeLessThan(1e-4);
    }
    expect(cache.size).toBeGreaterThan(1);
    cache.dispose();
    tf.dispose(input.tensor);
    weights.dispose();
  });
});
