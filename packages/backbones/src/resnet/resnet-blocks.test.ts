import * as tf from '@tensorflow/tfjs';
import { createRandom } from '@spinedx/core';
import { describe, expect, it } from 'vitest';
import { blockInput, blockWeights, runNchw } from '../../test/block-weights';
import { addReference, batchNormReference, conv2dReference, maxAbsDifference, reluReference, type Nchw } from '../../test/reference-ops';
import { createFoldedConvolutionCache } from '../layers/folded-convolutions';
import { createForwardContext } from '../layers/forward-context';
import { batchNormParameters, convParameters, type ParameterDeclaration } from '../layers/parameter-declarations';
import { basicBlock, bottleneckBlock } from './resnet-blocks';
import type { ResNetBlockPlan } from './resnet-parameters';

const init = { kind: 'constant', value: 0 } as const;
const seed = 21;

function declarationsOf(plan: ResNetBlockPlan, bottleneck: boolean): ParameterDeclaration[] {
  const { prefix, inChannels, width, outChannels } = plan;
  const convs: [string, number, number, number][] = bottleneck
    ? [['1', inChannels, width, 1], ['2', width, width, 3], ['3', width, outChannels, 1]]
    : [['1', inChannels, width, 3], ['2', width, outChannels, 3]];
  const declarations = convs.flatMap(([index, input, output, kernelSize]) => [
    ...convParameters(`${prefix}.conv${index}`, { inChannels: input, outChannels: output, kernelSize, init }),
    ...batchNormParameters(`${prefix}.bn${index}`, output),
  ]);
  if (plan.hasDownsample) declarations.push(...convParameters(`${prefix}.downsample.0`, { inChannels, outChannels, kernelSize: 1, init }), ...batchNormParameters(`${prefix}.downsample.1`, outChannels));
  return declarations;
}

// The blocks of timm resnet.py written out with the direct reference ops.
function referenceBlock(input: Nchw, plan: ResNetBlockPlan, bottleneck: boolean, pytorch: ReturnType<typeof blockWeights>['pytorch']): Nchw {
  const bn = (x: Nchw, name: string) =>
    batchNormReference(x, { weight: pytorch(`${name}.weight`), bias: pytorch(`${name}.bias`), mean: pytorch(`${name}.running_mean`), variance: pytorch(`${name}.running_var`) });
  const conv = (x: Nchw, name: string, stride: number) => {
    const weight = pytorch(`${name}.weight`);
    return conv2dReference(x, weight, { stride, padding: Math.floor(weight.shape[2]! / 2) });
  };
  const p = plan.prefix;
  let x: Nchw;
  if (bottleneck) {
    x = reluReference(bn(conv(input, `${p}.conv1`, 1), `${p}.bn1`));
    x = reluReference(bn(conv(x, `${p}.conv2`, plan.stride), `${p}.bn2`));
    x = bn(conv(x, `${p}.conv3`, 1), `${p}.bn3`);
  } else {
    x = reluReference(bn(conv(input, `${p}.conv1`, plan.stride), `${p}.bn1`));
    x = bn(conv(x, `${p}.conv2`, 1), `${p}.bn2`);
  }
  const shortcut = plan.hasDownsample ? bn(conv(input, `${p}.downsample.0`, plan.stride), `${p}.downsample.1`) : input;
  return reluReference(addReference(x, shortcut));
}

describe.each([
  ['basicBlock', false, basicBlock],
  ['bottleneckBlock', true, bottleneckBlock],
] as const)('%s', (_, bottleneck, block) => {
  const expansion = bottleneck ? 4 : 1;
  it.each<[string, ResNetBlockPlan, [number, number, number, number]]>([
    ['stride 2 with downsample on an odd size', { prefix: 'layer2.0', inChannels: 8, width: 4, outChannels: 4 * expansion, stride: 2, hasDownsample: true }, [2, 9, 7, 8]],
    ['stride 1 identity shortcut', { prefix: 'layer1.1', inChannels: 4 * expansion, width: 4, outChannels: 4 * expansion, stride: 1, hasDownsample: false }, [1, 6, 5, 4 * expansion]],
  ])('should match timm for %s, unfused and with folded batch norms', (_, plan, shape) => {
    const weights = blockWeights(declarationsOf(plan, bottleneck), seed);
    const input = blockInput(shape, seed);
    const cache = createFoldedConvolutionCache();
    const want = referenceBlock(input.nchw, plan, bottleneck, weights.pytorch);
    for (const context of [createForwardContext(false), createForwardContext(false, createRandom(0), cache)]) {
      const got = runNchw(() => block({ input: input.tensor, parameters: weights.parameters, plan, context, dropPathRate: 0.5 }));
      expect(got.shape).toEqual(want.shape);
      expect(maxAbsDifference(got.data, want.data)).toBeLessThan(1e-4);
    }
    expect(cache.size).toBeGreaterThan(1);
    cache.dispose();
    tf.dispose(input.tensor);
    weights.dispose();
  });
});
