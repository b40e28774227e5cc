import * as tf from '@tensorflow/tfjs-core';

/** Options of {@link conv2d}. */
export interface Conv2dOptions {
  stride?: number;
  /**
   * Zero padding on every side, as PyTorch's `padding=` (symmetric). Default `kernel // 2` (timm's default for odd
   * kernels at dilation 1, `((stride - 1) + (kernel - 1)) // 2`). Never TensorFlow's 'same', which pads
   * asymmetrically at stride 2.
   */
  padding?: number;
  /** Depthwise convolution (`groups = channels`); the weight is tfjs `[kh, kw, channels, 1]`. */
  depthwise?: boolean;
  /** Bias `[out]` added after the convolution. */
  bias?: tf.Tensor1D;
  /** Activation fused after the bias (tfjs runs it unfused while recording gradients). Default linear. */
  activation?: 'linear' | 'relu' | 'sigmoid';
}

/** timm's `get_padding(kernel, stride, dilation=1)`: symmetric padding that keeps `ceil(size / stride)` outputs for odd kernels. */
export function pytorchPadding(kernelSize: number, stride = 1): number {
  return Math.floor((stride - 1 + (kernelSize - 1)) / 2);
}

/**
 * A PyTorch `nn.Conv2d` on NHWC input with a tfjs-layout weight (`[kh, kw, in, out]`, or `[kh, kw, channels, 1]`
 * for depthwise): symmetric zero padding, so outputs match PyTorch at every size and stride.
 */
export function conv2d(input: tf.Tensor4D, weight: tf.Tensor4D, options: Conv2dOptions = {}): tf.Tensor4D {
  const stride = options.stride ?? 1;
  const kernelSize = weight.shape[0];
  const padding = options.padding ?? pytorchPadding(kernelSize, stride);
  if (options.bias === undefined && options.activation === undefined) return options.depthwise ? tf.depthwiseConv2d(input, weight, stride, padding) : tf.conv2d(input, weight, stride, padding);
  // One fused op adds the bias and applies the activation.
  const fused = { x: input, filter: weight, strides: stride, pad: padding, bias: options.bias, activation: options.activation ?? 'linear' };
  return options.depthwise ? tf.fused.depthwiseConv2d(fused) : tf.fused.conv2d(fused);
}
