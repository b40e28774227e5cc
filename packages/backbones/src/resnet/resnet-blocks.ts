import * as tf from '@tensorflow/tfjs-core';
import { addRelu } from '../layers/activations';
import { convBatchNorm, type ConvActivation } from '../layers/conv-batch-norm';
import { dropPath } from '../layers/dropout';
import type { ForwardContext } from '../layers/forward-context';
import type { ParameterReader } from '../layers/parameter-reader';
import type { ResNetBlockPlan } from './resnet-parameters';

type BlockInput = { input: tf.Tensor4D; parameters: ParameterReader; plan: ResNetBlockPlan; context: ForwardContext; dropPathRate: number };

function convBn(input: tf.Tensor4D, parameters: ParameterReader, conv: string, norm: string, stride: number, context: ForwardContext, activation: ConvActivation = 'linear'): tf.Tensor4D {
  return convBatchNorm(input, parameters, { conv, norm, stride, activation }, context);
}

function shortcut({ input, parameters, plan, context }: BlockInput): tf.Tensor4D {
  if (!plan.hasDownsample) return input;
  return convBn(input, parameters, `${plan.prefix}.downsample.0`, `${plan.prefix}.downsample.1`, plan.stride, context);
}

/** timm `BasicBlock`: 3x3 conv (stride) → BN → ReLU → 3x3 conv → BN, plus the shortcut, → ReLU. */
export function basicBlock(block: BlockInput): tf.Tensor4D {
  const { input, parameters, plan, context } = block;
  let x = convBn(input, parameters, `${plan.prefix}.conv1`, `${plan.prefix}.bn1`, plan.stride, context, 'relu');
  x = convBn(x, parameters, `${plan.prefix}.conv2`, `${plan.prefix}.bn2`, 1, context);
  return addRelu(dropPath(x, block.dropPathRate, context), shortcut(block));
}

/** timm `Bottleneck`: 1x1 conv → BN → ReLU → 3x3 conv (stride) → BN → ReLU → 1x1 conv → BN, plus the shortcut, → ReLU. */
export function bottleneckBlock(block: BlockInput): tf.Tensor4D {
  const { input, parameters, plan, context } = block;
  let x = convBn(input, parameters, `${plan.prefix}.conv1`, `${plan.prefix}.bn1`, 1, context, 'relu');
  x = convBn(x, parameters, `${plan.prefix}.conv2`, `${plan.prefix}.bn2`, plan.stride, context, 'relu');
  x = convBn(x, parameters, `${plan.prefix}.conv3`, `${plan.prefix}.bn3`, 1, context);
  return addRelu(dropPath(x, block.dropPathRate, context), shortcut(block));
}
