import * as tf from '@tensorflow/tfjs-core';
import { relu, silu } from './activations';
import { batchNorm2d } from './batch-norm';
import { conv2d, pytorchPadding } from './conv2d';
import type { ConvBatchNormNames } from './folded-convolutions';
import type { ForwardContext } from './forward-context';
import type { ParameterReader } from './parameter-reader';

/** Activation after a convolution and its batch norm. */
export type ConvActivation = 'linear' | 'relu' | 'silu';

/** Options of {@link convBatchNorm}. */
export interface ConvBatchNormOptions extends ConvBatchNormNames {
  stride?: number;
  /** Symmetric zero padding as in {@link conv2d}; default timm's `get_padding`. */
  padding?: number;
  activation?: ConvActivation;
}

function activate(input: tf.Tensor4D, activation: ConvActivation): tf.Tensor4D {
  if (activation === 'relu') return relu(input);
  return activation === 'silu' ? silu(input) : input;
}

/**
 * Convolution → batch norm → activation, timm's `ConvNormAct` (no conv bias).
 *
 * Evaluation passes of a backbone (a context carrying `foldedConvolutions`, no gradient being recorded) run one
 * `tf.fused` convolution with the batch norm folded into its weight and bias, and ReLU fused too (the wasm backend
 * runs it as one XNNPACK operator). SiLU is no fused activation of tfjs, so it stays `x * sigmoid(x)` after the
 * fused bias. Training, gradient recording (the folded weights are a cache, not a function of the variables) and
 * contexts without a cache run the three ops as PyTorch writes them.
 */
export function convBatchNorm(input: tf.Tensor4D, parameters: ParameterReader, options: ConvBatchNormOptions, context: ForwardContext): tf.Tensor4D {
  const { stride = 1, activation = 'linear', depthwise = false } = options;
  const cache = context.foldedConvolutions;
  if (context.training || cache === undefined || tf.engine().state.gradientDepth > 0) {
    const convolved = conv2d(input, parameters(`${options.conv}.weight`) as tf.Tensor4D, { stride, padding: options.padding, depthwise });
    return activate(batchNorm2d(convolved, parameters, options.norm, { training: context.training }), activation);
  }
  const { weight, bias } = cache.get(parameters, options);
  const pad = options.padding ?? pytorchPadding(weight.shape[0], stride);
  const fusedActivation = activation === 'relu' ? 'relu' : 'linear';
  const output = depthwise
    ? tf.fused.depthwiseConv2d({ x: input, filter: weight, strides: stride, pad, bias, activation: fusedActivation })
    : tf.fused.conv2d({ x: input, filter: weight, strides: stride, pad, bias, activation: fusedActivation });
  return activation === 'silu' ? silu(output) : output;
}
