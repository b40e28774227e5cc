import * as tf from '@tensorflow/tfjs-core';
import { rotateFilter180 } from './rotate-filter';
import { insertZeros, padOrCropSpatial } from './spatial-layout';

/**
 * Input gradient of a depthwise convolution (filter [kh, kw, C, m], dy channel c·m + j) as one depthwise
 * convolution: zero-spread, padded dy with the filter rotated by 180° (dilated like the forward pass), then a sum
 * over the channel multiplier. The rotation is one JS pass over the filter (rotateFilter180) on `backend`, the one
 * running the kernel.
 */
export function depthwiseConv2dBackpropInput(dy: tf.Tensor4D, filter: tf.Tensor4D, attrs: tf.DepthwiseConv2dNativeBackpropInputAttrs, backend: tf.KernelBackend): tf.Tensor4D {
  if (dy.size === 0) return tf.zeros(attrs.inputShape);
  return tf.tidy(() => {
    const inputShape = attrs.inputShape as [number, number, number, number];
    const info = tf.backend_util.computeConv2DInfo(inputShape, filter.shape, attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, true);
    const { effectiveFilterHeight, effectiveFilterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, inHeight, inWidth, padInfo } = info;
    const [filterHeight, filterWidth, channels, multiplier] = filter.shape;
    const spread = insertZeros(dy, strideHeight, strideWidth);
    const top = effectiveFilterHeight - 1 - padInfo.top;
    const left = effectiveFilterWidth - 1 - padInfo.left;
    const padded = padOrCropSpatial(spread, top, inHeight + effectiveFilterHeight - 1 - top - spread.shape[1], left, inWidth + effectiveFilterWidth - 1 - left - spread.shape[2]);
    const flipped = tf.reshape(rotateFilter180(filter, backend, false), [filterHeight, filterWidth, channels * multiplier, 1]);
    const perOutputChannel = tf.depthwiseConv2d(padded, flipped as tf.Tensor4D, 1, 'valid', 'NHWC', [dilationHeight, dilationWidth]);
    if (multiplier === 1) return perOutputChannel;
    return tf.sum(tf.reshape(perOutputChannel, [inputShape[0], inHeight, inWidth, channels, multiplier]), 4) as tf.Tensor4D;
  });
}
