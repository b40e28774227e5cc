import * as tf from '@tensorflow/tfjs-core';
import { silu } from '../layers/activations';
import { convBatchNorm } from '../layers/conv-batch-norm';
import { dropPath } from '../layers/dropout';
import type { ForwardContext } from '../layers/forward-context';
import type { ParameterReader } from '../layers/parameter-reader';
import { squeezeExcite } from '../layers/squeeze-excite';
import type { EfficientNetBlockPlan } from './efficientnet-parameters';

/** Arguments of one block's forward pass. */
export interface EfficientNetBlockInput {
  input: tf.Tensor4D;
  parameters: ParameterReader;
  plan: EfficientNetBlockPlan;
  context: ForwardContext;
  dropPathRate: number;
}

/** 1x1 conv → BN (→ SiLU when `activate`). */
function pointwise(input: tf.Tensor4D, parameters: ParameterReader, conv: string, norm: string, context: ForwardContext, activate = true): tf.Tensor4D {
  return convBatchNorm(input, parameters, { conv, norm, activation: activate ? 'silu' : 'linear' }, context);
}

/** Depthwise conv (the block's stride) → BN → SiLU. */
function depthwise(input: tf.Tensor4D, parameters: ParameterReader, plan: EfficientNetBlockPlan, norm: string, context: ForwardContext): tf.Tensor4D {
  return convBatchNorm(input, parameters, { conv: `${plan.prefix}.conv_dw`, norm, stride: plan.stride, depthwise: true, activation: 'silu' }, context);
}

function withSqueeze(input: tf.Tensor4D, parameters: ParameterReader, plan: EfficientNetBlockPlan): tf.Tensor4D {
  return plan.seChannels > 0 ? squeezeExcite(input, parameters, `${plan.prefix}.se`, silu) : input;
}

function residual(output: tf.Tensor4D, { input, plan, context, dropPathRate }: EfficientNetBlockInput): tf.Tensor4D {
  return plan.hasSkip ? tf.add(dropPath(output, dropPathRate, context), input) : output;
}

/** timm `DepthwiseSeparableConv`: depthwise conv → BN+SiLU → SE → 1x1 conv → BN (no activation), skip when shapes allow. */
export function depthwiseSeparableBlock(block: EfficientNetBlockInput): tf.Tensor4D {
  const { input, parameters, plan, context } = block;
  let x = depthwise(input, parameters, plan, `${plan.prefix}.bn1`, context);
  x = withSqueeze(x, parameters, plan);
  x = pointwise(x, parameters, `${plan.prefix}.conv_pw`, `${plan.prefix}.bn2`, context, false);
  return residual(x, block);
}

/** timm `InvertedResidual` (MBConv): 1x1 expand → BN+SiLU → depthwise → BN+SiLU → SE → 1x1 project → BN, skip when shapes allow. */
export function invertedResidualBlock(block: EfficientNetBlockInput): tf.Tensor4D {
  const { input, parameters, plan, context } = block;
  let x = pointwise(input, parameters, `${plan.prefix}.conv_pw`, `${plan.prefix}.bn1`, context);
  x = depthwise(x, parameters, plan, `${plan.prefix}.bn2`, context);
  x = withSqueeze(x, parameters, plan);
  x = pointwise(x, parameters, `${plan.prefix}.conv_pwl`, `${plan.prefix}.bn3`, context, false);
  return residual(x, block);
}
