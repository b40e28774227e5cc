import * as tf from '@tensorflow/tfjs-core';
import { silu } from '../layers/activations';
import { batchNorm2d } from '../layers/batch-norm';
import { conv2d } from '../layers/conv2d';
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

/** timm's `BatchNormAct2d`: batch norm, then SiLU unless `activate` is false. */
export function batchNormSilu(input: tf.Tensor4D, parameters: ParameterReader, name: string, context: ForwardContext, activate = true): tf.Tensor4D {
  const normalised = batchNorm2d(input, parameters, name, { training: context.training });
  return activate ? silu(normalised) : normalised;
}

function pointwise(input: tf.Tensor4D, parameters: ParameterReader, name: string): tf.Tensor4D {
  return conv2d(input, parameters(`${name}.weight`) as tf.Tensor4D);
}

function depthwise(input: tf.Tensor4D, parameters: ParameterReader, plan: EfficientNetBlockPlan): tf.Tensor4D {
  return conv2d(input, parameters(`${plan.prefix}.conv_dw.weight`) as tf.Tensor4D, { stride: plan.stride, depthwise: true });
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
  let x = batchNormSilu(depthwise(input, parameters, plan), parameters, `${plan.prefix}.bn1`, context);
  x = withSqueeze(x, parameters, plan);
  x = batchNormSilu(pointwise(x, parameters, `${plan.prefix}.conv_pw`), parameters, `${plan.prefix}.bn2`, context, false);
  return residual(x, block);
}

/** timm `InvertedResidual` (MBConv): 1x1 expand → BN+SiLU → depthwise → BN+SiLU → SE → 1x1 project → BN, skip when shapes allow. */
export function invertedResidualBlock(block: EfficientNetBlockInput): tf.Tensor4D {
  const { input, parameters, plan, context } = block;
  let x = batchNormSilu(pointwise(input, parameters, `${plan.prefix}.conv_pw`), parameters, `${plan.prefix}.bn1`, context);
  x = batchNormSilu(depthwise(x, parameters, plan), parameters, `${plan.prefix}.bn2`, context);
  x = withSqueeze(x, parameters, plan);
  x = batchNormSilu(pointwise(x, parameters, `${plan.prefix}.conv_pwl`), parameters, `${plan.prefix}.bn3`, context, false);
  return residual(x, block);
}
