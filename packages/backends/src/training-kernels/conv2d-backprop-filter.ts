import * as tf from '@tensorflow/tfjs-core';
import { padOrCropSpatial, toChannelsLast } from './spatial-layout';

/**
 * Filter gradient of a 2-D convolution, computed as one forward convolution so it runs on the backend's fast
 * conv kernel (XNNPACK on wasm):
 *
 *   dW[kh,kw,ci,co] = Σ_{n,oh,ow} x[n, oh·s+kh−p, ow·s+kw−p, ci] · dy[n,oh,ow,co]
 *
 * is a convolution of the transposed, padded input [Ci, Hp, Wp, N] (batch Ci, channels N) with dy as the filter
 * [Ho, Wo, N, Co], dilated by the forward stride. The result [Ci, kh, kw, Co] is transposed to [kh, kw, Ci, Co].
 */
export function conv2dBackpropFilter(x: tf.Tensor4D, dy: tf.Tensor4D, attrs: tf.Conv2DBackpropFilterAttrs): tf.Tensor4D {
  // An empty dy (a degenerate geometry) contributes nothing.
  if (dy.size === 0) return tf.zeros(attrs.filterShape);
  return tf.tidy(() => {
    const dataFormat = tf.backend_util.convertConv2DDataFormat(attrs.dataFormat);
    const info = tf.backend_util.computeConv2DInfo(x.shape, attrs.filterShape as [number, number, number, number], attrs.strides, 1, attrs.pad, attrs.dimRoundingMode, false, dataFormat);
    const isChannelsFirst = info.dataFormat === 'channelsFirst';
    const input = toChannelsLast(x, isChannelsFirst);
    const gradient = toChannelsLast(dy, isChannelsFirst);
    const { filterHeight, filterWidth, strideHeight, strideWidth, outHeight, outWidth, inHeight, inWidth, padInfo } = info;
    // Rows the forward pass read: (outHeight − 1)·stride + filterHeight, starting padInfo.top above the input.
    const neededHeight = (outHeight - 1) * strideHeight + filterHeight;
    const neededWidth = (outWidth - 1) * strideWidth + filterWidth;
    const padded = padOrCropSpatial(input, padInfo.top, neededHeight - inHeight - padInfo.top, padInfo.left, neededWidth - inWidth - padInfo.left);
    const inputAsBatch = tf.transpose(padded, [3, 1, 2, 0]);
    const gradientAsFilter = tf.transpose(gradient, [1, 2, 0, 3]);
    const result = tf.conv2d(inputAsBatch, gradientAsFilter, 1, 'valid', 'NHWC', [strideHeight, strideWidth]);
    return tf.transpose(result, [1, 2, 0, 3]);
  });
}
